package io.orderpipeline.bench.coldstart.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for {@code jdk.crac.Core} on JDKs without CRaC, so the cold-start launcher can run the functions' real
 * SnapStart priming hooks where Lambda would: {@code org.crac} binds to this package when the JVM runs with
 * {@code -Dorg.crac.Core.Compat=io.orderpipeline.bench.coldstart.crac}, the handlers register through
 * {@code org.crac.Core.getGlobalContext()} as in Lambda, and {@link #checkpointRestore()} runs every
 * {@code beforeCheckpoint} (last registered first, as CRaC does) and then every {@code afterRestore}. No snapshot is
 * taken: the JVM simply carries on, which is what a restore looks like from inside the JVM, minus the restore itself.
 */
public final class Core {

    private static final GlobalContext GLOBAL = new GlobalContext();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException, RestoreException {
        try {
            GLOBAL.beforeCheckpoint(null);
        } catch (Exception e) {
            var failure = new CheckpointException();
            failure.addSuppressed(e);
            throw failure;
        }
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            var failure = new RestoreException();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    private static final class GlobalContext extends Context<Resource> {

        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public synchronized void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            for (Resource resource : resources.reversed()) {
                resource.beforeCheckpoint(this);
            }
        }

        @Override
        public synchronized void afterRestore(Context<? extends Resource> context) throws Exception {
            for (Resource resource : resources) {
                resource.afterRestore(this);
            }
        }
    }
}
