package io.orderpipeline.lambda.snapstart;

import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SnapStart priming hook: before Lambda takes the snapshot, {@link #warmUp()} runs the function's first-invoke path
 * so the classes it loads and the code it compiles are in the snapshot rather than in the first invoke; then the
 * Powertools layer around it is warmed ({@link PowertoolsPriming}) and one INFO line reports the pass. A failing
 * warm-up is logged and swallowed: it only costs the first invoke its speed and must never fail the checkpoint.
 */
public abstract class PrimingResource implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(PrimingResource.class);

    /**
     * Enough passes over the small bundled samples for the JIT to compile the per-order code (Lambda runs C1 only,
     * which compiles a method after a few hundred calls), not so many that publishing a version waits on it.
     */
    static final int WARM_UP_PASSES = 100;

    /** Registers with the global CRaC context, which holds resources weakly: the caller must keep this object. */
    public final void register() {
        Core.getGlobalContext().register(this);
    }

    /** The warm-up: no metrics, no log lines, no calls to AWS. */
    protected abstract void warmUp() throws Exception;

    /** The correlation-id path the function's handler passes to Powertools' {@code withLogging}, or null for none. */
    protected String correlationIdPath() {
        return null;
    }

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        long start = System.nanoTime();
        boolean warmed = false;
        try {
            for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
                warmUp();
            }
            warmed = true;
        } catch (Exception | LinkageError e) {
            LOG.warn("SnapStart priming failed, the snapshot is taken without it", e);
        }
        try {
            PowertoolsPriming.serializeSampleMetrics();
            PowertoolsPriming.logPrimed(System.getenv(), correlationIdPath(), (System.nanoTime() - start) / 1_000_000,
                    warmed);
        } catch (Exception | LinkageError e) {
            LOG.warn("SnapStart priming failed in the logging and metrics layer", e);
        }
    }

    @Override
    public final void afterRestore(org.crac.Context<? extends Resource> context) {
        LOG.debug("restored from a SnapStart snapshot");
    }
}
