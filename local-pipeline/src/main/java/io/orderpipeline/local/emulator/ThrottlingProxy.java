package io.orderpipeline.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A loopback HTTP proxy in front of DynamoDB Local that gives its tables a write capacity ({@link WriteCapacity}):
 * a write beyond it is answered as DynamoDB answers a throttled request, on the wire, so every client meets the real
 * thing — the state machine's {@code dynamodb:putItem} integration and the functions' SDK clients alike, the SDK's own
 * retries included. Everything else passes through unchanged.
 * <p>
 * The answer: HTTP 400, {@code __type} {@code com.amazonaws.dynamodb.v20120810#ThrottlingException}, the message AWS
 * returns for an on-demand table that is over its current capacity (recorded in aws/aws-sdk-java#2222 and in SDK
 * users' logs since: "Throughput exceeds the current capacity of your table or index. …"), and a
 * {@code ThrottlingReasons} list naming the table or index with {@code TableWriteMaxOnDemandThroughputExceeded} /
 * {@code IndexWriteMaxOnDemandThroughputExceeded}, the reason an on-demand table or index at its configured maximum
 * gives (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-ondemand-capacity-exceeded-mitigation.html).
 * An on-demand table answers {@code ThrottlingException}; {@code ProvisionedThroughputExceededException} is a
 * provisioned table's answer. Both are throttling errors to the AWS SDKs, which retry them with backoff.
 * <p>
 * {@code GET /local-pipeline/write-capacity} answers the proxy's counters as JSON, so a command working against a
 * running {@code serve} can report them.
 */
public final class ThrottlingProxy implements AutoCloseable {

    /** Where the counters are served. */
    public static final String COUNTERS_PATH = "/local-pipeline/write-capacity";
    static final String THROTTLED_MESSAGE = "Throughput exceeds the current capacity of your table or index. DynamoDB is"
            + " automatically scaling your table or index so please try again shortly. If exceptions persist, check if you"
            + " have a hot key: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html";
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI backend;
    private final WriteCapacity capacity;
    private final TableSchemas schemas;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final AtomicLong writeRequests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong admittedUnits = new AtomicLong();

    private ThrottlingProxy(URI backend, WriteCapacity capacity, TableSchemas schemas) throws IOException {
        this.backend = backend;
        this.capacity = capacity;
        this.schemas = schemas;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param backend DynamoDB Local's endpoint
     * @param schemas the tables' key attributes and indexes (asked of DynamoDB Local itself)
     */
    public static ThrottlingProxy start(URI backend, WriteCapacity capacity, TableSchemas schemas) throws IOException {
        var proxy = new ThrottlingProxy(backend, capacity, schemas);
        proxy.server.start();
        return proxy;
    }

    /** The table's key attributes and indexes, by table name (null when the table does not exist). */
    @FunctionalInterface
    public interface TableSchemas {
        WriteCapacity.Schema of(String table);

        /** Called when a request may have changed a table's schema. */
        default void forget(String table) {
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Write requests seen (admitted or throttled). */
    public long writeRequests() {
        return writeRequests.get();
    }

    /** Write requests answered with a throttling error. */
    public long throttledRequests() {
        return throttled.get();
    }

    /** Write units of the admitted writes (table and indexes). */
    public long admittedUnits() {
        return admittedUnits.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod()) && COUNTERS_PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 200, counters().toString().getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET_PREFIX)
                    ? target.substring(TARGET_PREFIX.length()) : "";
            if (operation.endsWith("Table")) {
                tableNamed(body).ifPresent(schemas::forget); // CreateTable, UpdateTable, DeleteTable
            }
            WriteCapacity.Demand demand = demand(operation, body);
            if (demand != null) {
                writeRequests.incrementAndGet();
                WriteCapacity.Refusal refusal = capacity.admit(demand);
                if (refusal != null) {
                    throttled.incrementAndGet();
                    respond(exchange, 400, throttledBody(refusal), Map.of("Content-Type", "application/x-amz-json-1.0"));
                    return;
                }
                admittedUnits.addAndGet(demand.total());
            }
            forward(exchange, body);
        } catch (RuntimeException e) {
            // a proxy failure is the client's connection failing, not a service answer
            exchange.close();
        }
    }

    private WriteCapacity.Demand demand(String operation, byte[] body) {
        if (!operation.equals("PutItem") && !operation.equals("UpdateItem") && !operation.equals("DeleteItem")
                && !operation.equals("BatchWriteItem") && !operation.equals("TransactWriteItems")) {
            return null;
        }
        try {
            return WriteCapacity.demand(operation, JSON.readTree(body), schemas::of);
        } catch (IOException | IllegalArgumentException e) {
            return null; // not a request DynamoDB would accept: let it answer
        }
    }

    private java.util.Optional<String> tableNamed(byte[] body) {
        try {
            JsonNode name = JSON.readTree(body).get("TableName");
            return name == null ? java.util.Optional.empty() : java.util.Optional.of(name.asText());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private byte[] throttledBody(WriteCapacity.Refusal refusal) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", "com.amazonaws.dynamodb.v20120810#ThrottlingException");
        error.put("message", THROTTLED_MESSAGE);
        String resource = refusal.resource();
        ObjectNode reason = error.putArray("ThrottlingReasons").addObject();
        reason.put("reason", refusal.index() ? "IndexWriteMaxOnDemandThroughputExceeded"
                : "TableWriteMaxOnDemandThroughputExceeded");
        reason.put("resource", "arn:aws:dynamodb:" + Emulators.REGION + ":" + Emulators.ACCOUNT_ID + ":table/" + resource);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        var request = HttpRequest.newBuilder(backend.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofMinutes(5));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to DynamoDB Local", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** A response of the proxy's own, with the headers DynamoDB sends with every answer. */
    private static void respond(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        var crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().put("x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
        exchange.getResponseHeaders().put("x-amz-crc32", List.of(Long.toString(crc.getValue())));
        exchange.getResponseHeaders().put("Content-Type", List.of(headers.getOrDefault("Content-Type", "application/json")));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private ObjectNode counters() {
        ObjectNode json = JSON.createObjectNode();
        json.put("unitsPerSecond", capacity.unitsPerSecond());
        json.put("writeRequests", writeRequests.get());
        json.put("throttledRequests", throttled.get());
        json.put("admittedUnits", admittedUnits.get());
        json.put("peakDemandPerSecond", capacity.peakDemandPerSecond());
        return json;
    }

    /**
     * The counters of the proxy in front of {@code dynamodb}, when there is one (a {@code serve} started with
     * {@code --table-write-capacity}); empty when the endpoint is DynamoDB Local itself.
     */
    public static java.util.Optional<JsonNode> countersAt(URI dynamodb) {
        try {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(dynamodb.resolve(COUNTERS_PATH))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return java.util.Optional.empty();
            }
            JsonNode json = JSON.readTree(response.body());
            return json.has("throttledRequests") ? java.util.Optional.of(json) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
        threads.close();
    }

    /** Schemas asked of DynamoDB Local once per table (forgotten when a request may have changed the table). */
    public static final class DescribedSchemas implements TableSchemas {
        private final software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb;
        private final Map<String, java.util.Optional<WriteCapacity.Schema>> known = new ConcurrentHashMap<>();

        public DescribedSchemas(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamoDb) {
            this.dynamoDb = dynamoDb;
        }

        @Override
        public WriteCapacity.Schema of(String table) {
            return known.computeIfAbsent(table, this::describe).orElse(null);
        }

        @Override
        public void forget(String table) {
            known.remove(table);
        }

        private java.util.Optional<WriteCapacity.Schema> describe(String table) {
            try {
                var description = dynamoDb.describeTable(b -> b.tableName(table)).table();
                var keys = description.keySchema().stream().map(k -> k.attributeName()).toList();
                var indexes = description.globalSecondaryIndexes().stream().map(i -> new WriteCapacity.Index(
                        i.indexName(), i.keySchema().stream().map(k -> k.attributeName()).toList(),
                        i.projection().projectionTypeAsString(), Set.copyOf(i.projection().nonKeyAttributes())))
                        .toList();
                return java.util.Optional.of(new WriteCapacity.Schema(keys, indexes));
            } catch (RuntimeException e) {
                return java.util.Optional.empty(); // no such table (yet): DynamoDB Local answers the write itself
            }
        }
    }
}
