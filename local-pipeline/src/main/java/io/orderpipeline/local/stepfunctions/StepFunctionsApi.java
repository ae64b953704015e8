package io.orderpipeline.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The read side of the Step Functions API over the executions a {@code serve} started ({@link Executions}), on
 * loopback, so that an AWS SDK or the AWS CLI pointed at it ({@code AWS_ENDPOINT_URL_SFN}) finds them as it would on
 * AWS: {@code ListExecutions} (by the state machine's ARN or its alias's, newest first, {@code statusFilter},
 * {@code maxResults}, {@code nextToken}) and {@code DescribeExecution}. Every other operation answers
 * {@code UnknownOperationException}: nothing here starts or stops executions.
 * <p>
 * The protocol is AWS JSON 1.0 (POST /, {@code X-Amz-Target: AWSStepFunctions.<Operation>}, errors as
 * {@code {"__type", "message"}} with status 400), timestamps in epoch seconds
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html,
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html).
 */
public final class StepFunctionsApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final HttpServer server;
    private final Executions executions;
    private final String stateMachineArn;
    private final String aliasArn;

    private StepFunctionsApi(HttpServer server, Executions executions, String stateMachineArn, String aliasArn) {
        this.server = server;
        this.executions = executions;
        this.stateMachineArn = stateMachineArn;
        this.aliasArn = aliasArn;
    }

    /**
     * Listens on a free loopback port.
     *
     * @param aliasArn the alias the upload rule starts (its executions are listed by either ARN)
     */
    public static StepFunctionsApi start(Executions executions, String stateMachineArn, String aliasArn) {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            var api = new StepFunctionsApi(server, executions, stateMachineArn, aliasArn);
            server.createContext("/", api::handle);
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                var thread = new Thread(r, "step-functions-api");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local Step Functions API", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request;
            try {
                var body = exchange.getRequestBody().readAllBytes();
                request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                respond(exchange, 400, error("SerializationException", "The request body is not JSON"));
                return;
            }
            var operation = target == null || !target.startsWith(TARGET_PREFIX) ? "" : target.substring(TARGET_PREFIX.length());
            try {
                var answer = switch (operation) {
                    case "ListExecutions" -> listExecutions(request);
                    case "DescribeExecution" -> describeExecution(request);
                    default -> throw new ApiError("UnknownOperationException", "The local Step Functions API answers"
                            + " ListExecutions and DescribeExecution only, not '" + operation + "'");
                };
                respond(exchange, 200, answer);
            } catch (ApiError e) {
                respond(exchange, 400, error(e.type, e.getMessage()));
            }
        }
    }

    private ObjectNode listExecutions(JsonNode request) {
        var machine = request.path("stateMachineArn").asText("");
        if (request.hasNonNull("mapRunArn")) {
            throw new ApiError("ValidationException", "Map Runs are not listed by the local Step Functions API");
        }
        boolean aliasOnly = machine.equals(aliasArn);
        if (!machine.equals(stateMachineArn) && !aliasOnly) {
            throw new ApiError("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + machine + "'");
        }
        var status = request.path("statusFilter").asText(null);
        int pageSize = request.path("maxResults").asInt(0);
        pageSize = pageSize <= 0 ? DEFAULT_PAGE : Math.min(pageSize, MAX_PAGE);
        int from;
        try {
            from = request.hasNonNull("nextToken") ? Integer.parseInt(request.get("nextToken").asText()) : 0;
        } catch (NumberFormatException e) {
            throw new ApiError("InvalidToken", "Invalid Token: '" + request.get("nextToken").asText() + "'");
        }
        List<Executions.Execution> matching = executions.newestFirst().stream()
                .filter(e -> !aliasOnly || aliasArn.equals(e.aliasArn()))
                .filter(e -> status == null || status.equals(e.status())).toList();
        var answer = JSON.createObjectNode();
        var list = answer.putArray("executions");
        int to = Math.min(from + pageSize, matching.size());
        for (var execution : matching.subList(Math.min(from, to), to)) {
            var item = list.addObject();
            item.put("executionArn", execution.executionArn());
            item.put("stateMachineArn", execution.stateMachineArn());
            item.put("name", execution.name());
            item.put("status", execution.status());
            item.put("startDate", epochSeconds(execution.startDate()));
            if (execution.stopDate() != null) {
                item.put("stopDate", epochSeconds(execution.stopDate()));
            }
            if (execution.aliasArn() != null) {
                item.put("stateMachineAliasArn", execution.aliasArn());
            }
        }
        if (to < matching.size()) {
            answer.put("nextToken", Integer.toString(to));
        }
        return answer;
    }

    private ObjectNode describeExecution(JsonNode request) {
        var arn = request.path("executionArn").asText("");
        var execution = executions.find(arn).orElseThrow(() -> new ApiError("ExecutionDoesNotExist",
                "Execution Does Not Exist: '" + arn + "'"));
        var answer = JSON.createObjectNode();
        answer.put("executionArn", execution.executionArn());
        answer.put("stateMachineArn", execution.stateMachineArn());
        answer.put("name", execution.name());
        answer.put("status", execution.status());
        answer.put("startDate", epochSeconds(execution.startDate()));
        if (execution.stopDate() != null) {
            answer.put("stopDate", epochSeconds(execution.stopDate()));
        }
        answer.put("input", execution.input());
        answer.putObject("inputDetails").put("included", true);
        if (execution.output() != null) {
            answer.put("output", execution.output());
            answer.putObject("outputDetails").put("included", true);
        }
        if (execution.error() != null) {
            answer.put("error", execution.error());
        }
        if (execution.cause() != null) {
            answer.put("cause", execution.cause());
        }
        if (execution.aliasArn() != null) {
            answer.put("stateMachineAliasArn", execution.aliasArn());
        }
        return answer;
    }

    /** Epoch seconds with milliseconds, as a plain JSON number. */
    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        var bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** An answer of the API's own errors. */
    private static final class ApiError extends RuntimeException {
        private final String type;

        ApiError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
