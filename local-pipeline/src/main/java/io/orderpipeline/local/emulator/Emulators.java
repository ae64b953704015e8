package io.orderpipeline.local.emulator;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local, ElasticMQ and S3Proxy running in this JVM on loopback with free ports; closing stops all three.
 * S3Proxy keeps objects in files under a work directory of this process ({@link DiskBlobStore}, versioned), so files
 * and map results of any size take disk, not heap; the directory is deleted on close (and, when a killed process left
 * one behind, by the next start). DynamoDB Local keeps its tables in memory ({@code -inMemory}: SQLite in native
 * memory, which grows with the table; its file-backed mode syncs every write to disk and is many times slower). The
 * request handler behind its HTTP server also takes the state machine's own calls in this JVM
 * ({@link #stateMachineDynamoDb()}).
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
    private final LocalDynamoDBRequestHandler dynamoDbHandler;
    private final SQSRestServer sqs;
    private final S3Proxy s3;
    private final ThrottlingProxy throttling; // null: unlimited write capacity
    /** S3's objects, on disk; deleted on close or when the process exits. */
    private final ProcessDirectory workDirectory;
    private final Endpoints endpoints;
    private final EmulatorClients clients;

    private Emulators(DynamoDBProxyServer dynamoDb, LocalDynamoDBRequestHandler dynamoDbHandler, SQSRestServer sqs,
                      S3Proxy s3, ThrottlingProxy throttling, ProcessDirectory workDirectory, Endpoints endpoints) {
        this.dynamoDb = dynamoDb;
        this.dynamoDbHandler = dynamoDbHandler;
        this.sqs = sqs;
        this.s3 = s3;
        this.throttling = throttling;
        this.workDirectory = workDirectory;
        this.endpoints = endpoints;
        this.clients = new EmulatorClients(endpoints);
    }

    /** The prefix of the work directories, followed by the owning process id. */
    private static final String WORK_PREFIX = "order-pipeline-emulators-";

    public static Emulators start() {
        return start(null);
    }

    /**
     * @param tableWriteCapacity write units per second each table (and each of its indexes) takes before DynamoDB's
     *                           throttling error, enforced by a {@link ThrottlingProxy} in front of DynamoDB Local that
     *                           every client goes through; null for no limit (no proxy)
     */
    public static Emulators start(Double tableWriteCapacity) {
        DynamoDBProxyServer dynamoDb = null;
        LocalDynamoDBRequestHandler dynamoDbHandler = null;
        SQSRestServer sqs = null;
        S3Proxy s3 = null;
        ThrottlingProxy throttling = null;
        ProcessDirectory work = null;
        try {
            work = ProcessDirectory.create(WORK_PREFIX);
            int dynamoPort = freePort();
            // What DynamoDB Local's ServerRunner builds for "-inMemory -sharedDb -port N" (authority level 0, no
            // delayed transient statuses, no CORS), built here so that the request handler behind the HTTP server can
            // also serve the state machine's own calls in this JVM (InProcessDynamoDb). Telemetry is never configured.
            dynamoDbHandler = new LocalDynamoDBRequestHandler(0, true, null, true, false);
            dynamoDb = new DynamoDBProxyServer(dynamoPort, new LocalDynamoDBServerHandler(dynamoDbHandler, null));
            dynamoDb.start();

            sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                    .withAWSRegion(REGION).withAWSAccountId(ACCOUNT_ID).start();
            int sqsPort = sqs.waitUntilStarted().localAddress().getPort();

            s3 = S3Proxy.builder()
                    .blobStore(new DiskBlobStore(Files.createDirectories(work.path().resolve("s3"))))
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

            var dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
            if (tableWriteCapacity != null) {
                throttling = ThrottlingProxy.start(dynamoEndpoint, new WriteCapacity(tableWriteCapacity, System::nanoTime),
                        new ThrottlingProxy.DescribedSchemas(EmulatorClients.dynamoDbDirect(dynamoEndpoint)));
                dynamoEndpoint = throttling.endpoint();
            }
            var endpoints = new Endpoints(
                    dynamoEndpoint,
                    URI.create("http://127.0.0.1:" + sqsPort),
                    URI.create("http://127.0.0.1:" + s3.getPort()));
            return new Emulators(dynamoDb, dynamoDbHandler, sqs, s3, throttling, work, endpoints);
        } catch (Exception e) {
            if (throttling != null) {
                throttling.close();
            }
            stopQuietly(dynamoDb, sqs, s3, new ArrayList<>());
            if (work != null) {
                work.close();
            }
            throw new IllegalStateException("Could not start the emulators: " + e.getMessage(), e);
        }
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The write-capacity proxy in front of DynamoDB Local, when the tables have a write capacity. */
    public java.util.Optional<ThrottlingProxy> throttling() {
        return java.util.Optional.ofNullable(throttling);
    }

    public EmulatorClients clients() {
        return clients;
    }

    /**
     * The client for the state machine's own {@code dynamodb:} tasks: DynamoDB Local's request handler in this JVM
     * ({@link InProcessDynamoDb}), or, when the tables have a write capacity, the one-attempt HTTP client through the
     * throttling proxy, which is where capacity is enforced.
     */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient stateMachineDynamoDb() {
        return throttling == null ? new InProcessDynamoDb(dynamoDbHandler) : clients.dynamoDbOneAttempt();
    }

    @Override
    public void close() {
        clients.close();
        if (throttling != null) {
            throttling.close();
        }
        var failures = new ArrayList<Exception>();
        stopQuietly(dynamoDb, sqs, s3, failures);
        workDirectory.close();
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
