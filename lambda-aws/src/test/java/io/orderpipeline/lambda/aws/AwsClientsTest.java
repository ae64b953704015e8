package io.orderpipeline.lambda.aws;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients built from a function's environment, against a local endpoint standing in for an emulator. */
class AwsClientsTest {

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            synchronized (this) {
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + (target == null ? "" : " " + target));
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            byte[] body = (exchange.getRequestMethod().equals("DELETE") ? "" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 204 : 200,
                    body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, String> emulator(String... endpointVariables) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "localkey");
        env.put("AWS_SECRET_ACCESS_KEY", "localsecret");
        for (String variable : endpointVariables) {
            env.put(variable, " http://127.0.0.1:" + server.getAddress().getPort() + " ");
        }
        return env;
    }

    @Test
    void eachServiceTalksToItsOverrideWithTheKeysAndRegionOfTheEnvironment() {
        var env = emulator(AwsClients.SQS_ENDPOINT, AwsClients.DYNAMODB_ENDPOINT);

        try (var sqs = AwsClients.sqs(env); var dynamoDb = AwsClients.dynamoDb(env)) {
            sqs.listQueues();
            dynamoDb.listTables();
        }

        assertThat(requests).containsExactly("POST / AmazonSQS.ListQueues", "POST / DynamoDB_20120810.ListTables");
        assertThat(authorizations).allSatisfy(a -> assertThat(a).contains("Credential=localkey/")
                .contains("/eu-west-1/"));
    }

    @Test
    void objectsAreAddressedByPathAtAnEndpointOtherThanAws() {
        try (var s3 = AwsClients.s3(emulator(AwsClients.S3_ENDPOINT))) {
            s3.deleteObject(b -> b.bucket("orders-bucket").key("dlq-payloads/x"));
        }

        assertThat(requests).containsExactly("DELETE /orders-bucket/dlq-payloads/x");
    }

    @Test
    void interceptorsSeeEveryRequest() {
        List<String> seen = new ArrayList<>();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                seen.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };

        try (var sqs = AwsClients.sqs(emulator(AwsClients.SQS_ENDPOINT), counter)) {
            sqs.listQueues();
        }

        assertThat(seen).containsExactly("ListQueues");
    }
}
