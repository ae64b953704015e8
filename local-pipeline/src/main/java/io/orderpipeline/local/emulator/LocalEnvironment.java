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
        var emulators = Emulators.start();
        return new LocalEnvironment(emulators, emulators.endpoints(), emulators.clients());
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

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        } else {
            clients.close();
        }
    }
}
