package io.orderpipeline.local.emulator;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local, ElasticMQ and S3Proxy running in this JVM on loopback with free ports; closing stops all three.
 * S3Proxy keeps objects in memory (its transient store supports bucket versioning).
 * <p>
 * Any credentials and any region see the same data, so the AWS CLI or another SDK client (with whatever dummy keys it
 * has) works on what the pipeline works on: DynamoDB Local runs with {@code -sharedDb} (without it, it keeps one
 * database per access key and region: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html),
 * ElasticMQ does not check signatures and names its queues in its own account and region whatever the caller's, and
 * S3Proxy runs without authentication (any signature, any region is accepted). {@code AnyCredentialsIT} holds
 * all three to it.
 */
public final class Emulators implements AutoCloseable {
    public static final String ACCOUNT_ID = "000000000000";
    public static final String REGION = "us-east-1";

    private final DynamoDBProxyServer dynamoDb;
    private final SQSRestServer sqs;
    private final S3Proxy s3;
    private final Endpoints endpoints;
    private final EmulatorClients clients;

    private Emulators(DynamoDBProxyServer dynamoDb, SQSRestServer sqs, S3Proxy s3, Endpoints endpoints) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
        this.endpoints = endpoints;
        this.clients = new EmulatorClients(endpoints);
    }

    public static Emulators start() {
        DynamoDBProxyServer dynamoDb = null;
        SQSRestServer sqs = null;
        S3Proxy s3 = null;
        try {
            int dynamoPort = freePort();
            dynamoDb = ServerRunner.createServerFromCommandLineArgs(
                    new String[]{"-inMemory", "-sharedDb", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
            dynamoDb.start();

            sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                    .withAWSRegion(REGION).withAWSAccountId(ACCOUNT_ID).start();
            int sqsPort = sqs.waitUntilStarted().localAddress().getPort();

            s3 = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.NONE, null, null)
                    .build();
            s3.start();
            var deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(s3.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + s3.getState());
                }
                Thread.sleep(5);
            }

            var endpoints = new Endpoints(
                    URI.create("http://127.0.0.1:" + dynamoPort),
                    URI.create("http://127.0.0.1:" + sqsPort),
                    URI.create("http://127.0.0.1:" + s3.getPort()));
            return new Emulators(dynamoDb, sqs, s3, endpoints);
        } catch (Exception e) {
            stopQuietly(dynamoDb, sqs, s3, new ArrayList<>());
            throw new IllegalStateException("Could not start the emulators: " + e.getMessage(), e);
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public EmulatorClients clients() {
        return clients;
    }

    @Override
    public void close() {
        clients.close();
        var failures = new ArrayList<Exception>();
        stopQuietly(dynamoDb, sqs, s3, failures);
        if (!failures.isEmpty()) {
            var e = new IllegalStateException("Could not stop every emulator");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void stopQuietly(DynamoDBProxyServer dynamoDb, SQSRestServer sqs, S3Proxy s3, List<Exception> failures) {
        if (s3 != null) {
            try {
                s3.stop();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (sqs != null) {
            try {
                sqs.stopAndWait();
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (dynamoDb != null) {
            try {
                dynamoDb.stop();
            } catch (Exception e) {
                failures.add(e);
            }
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
