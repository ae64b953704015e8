package io.orderpipeline.local.emulator;

import java.util.Optional;

/**
 * The emulators a command works against: its own (started now, stopped on close) or a running {@code serve}'s.
 */
public final class LocalEnvironment implements AutoCloseable {
    private final Emulators owned;
    private final Endpoints endpoints;
    private final EmulatorClients clients;

    private LocalEnvironment(Emulators owned, Endpoints endpoints, EmulatorClients clients) {
        this.owned = owned;
        this.endpoints = endpoints;
        this.clients = clients;
    }

    public static LocalEnvironment startOwn() {
        return startOwn(null);
    }

    /** @param tableWriteCapacity write units per second of each table and index; null: unlimited */
    public static LocalEnvironment startOwn(Double tableWriteCapacity) {
        var emulators = Emulators.start(tableWriteCapacity);
        return new LocalEnvironment(emulators, emulators.endpoints(), emulators.clients());
    }

    /**
     * The write-capacity counters of the DynamoDB endpoint in use (its own proxy's, or a running serve's), when the
     * tables have a write capacity.
     */
    public java.util.Optional<WriteCapacityCounters> writeCapacity() {
        return ThrottlingProxy.countersAt(endpoints.dynamodb()).map(json -> new WriteCapacityCounters(
                json.path("unitsPerSecond").asDouble(), json.path("writeRequests").asLong(),
                json.path("throttledRequests").asLong(), json.path("peakDemandPerSecond").asLong()));
    }

    /** What the write-capacity proxy counted so far. */
    public record WriteCapacityCounters(double unitsPerSecond, long writeRequests, long throttledRequests,
                                        long peakDemandPerSecond) {
    }

    public static LocalEnvironment connect(Endpoints endpoints) {
        return new LocalEnvironment(null, endpoints, new EmulatorClients(endpoints));
    }

    /** A running serve's emulators when there are any, else fresh ones. */
    public static LocalEnvironment connectOrStart(Optional<Endpoints> served) {
        return served.map(LocalEnvironment::connect).orElseGet(LocalEnvironment::startOwn);
    }

    public boolean ownsEmulators() {
        return owned != null;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public EmulatorClients clients() {
        return clients;
    }

    /**
     * The client of the state machine's {@code dynamodb:} tasks: one call per Task attempt, no retries of its own
     * ({@link EmulatorClients#dynamoDbOneAttempt()}); in this JVM's own DynamoDB Local's request handler when this
     * environment runs the emulators and the tables have no write capacity ({@link Emulators#stateMachineDynamoDb()}).
     */
    public software.amazon.awssdk.services.dynamodb.DynamoDbClient stateMachineDynamoDb() {
        return owned != null ? owned.stateMachineDynamoDb() : clients.dynamoDbOneAttempt();
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        } else {
            clients.close();
        }
    }
}
