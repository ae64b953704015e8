package io.orderpipeline.lambda.snapstart;

import io.orderpipeline.lambda.tracing.Tracing;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A function's SnapStart priming: before Lambda takes the snapshot, {@link #prime()} runs the function's first-invoke
 * path on samples bundled in its jar, so the classes it loads and the code it compiles are in the snapshot rather than
 * in the first invoke; then the Powertools layer around it is warmed ({@link PowertoolsPriming}) and one INFO line
 * reports the pass. A failing pass is logged and swallowed: it only costs the first invoke its speed and must never
 * fail the checkpoint. A function writes only its own pass ({@link #pass()}); the skeleton around it is here.
 *
 * @param <R> what one pass returns, for the function's tests (otherwise discarded)
 */
public abstract class PrimingResource<R> implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(PrimingResource.class);

    /**
     * Enough passes over the small bundled samples for the JIT to compile the per-order code (Lambda runs C1 only,
     * which compiles a method after a few hundred calls), not so many that publishing a version waits on it.
     */
    static final int WARM_UP_PASSES = 100;

    private final Tracing tracing;
    private final String correlationIdPath;

    /**
     * @param tracing           the function's tracing, warmed at the end of every pass
     * @param correlationIdPath the correlation-id path the function's handler passes to Powertools'
     *                          {@code withLogging}, or null when it passes none
     */
    protected PrimingResource(Tracing tracing, String correlationIdPath) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        this.correlationIdPath = correlationIdPath;
    }

    /** Registers with the global CRaC context, which holds resources weakly: the caller must keep this object. */
    public final void register() {
        Core.getGlobalContext().register(this);
    }

    /**
     * One pass of the function's first-invoke path: no metrics, no log lines, no calls to AWS.
     *
     * @return what the pass went through (for tests; otherwise discarded)
     */
    protected abstract R pass() throws IOException;

    /** One priming pass, as {@link #beforeCheckpoint} runs it {@value #WARM_UP_PASSES} times. */
    public final R prime() throws IOException {
        R result = pass();
        // last, so the paths above are warm even if X-Ray objects: without a trace header (none before the snapshot)
        // this is a pass-through that initialises the Tracing class and its lambdas
        tracing.inSubsegment("Priming", () -> result);
        return result;
    }

    /**
     * A sample bundled in the function's jar, by its absolute resource name ({@code /priming/...}).
     *
     * @throws IOException naming the sample when the jar lacks it
     */
    protected final byte[] sample(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the priming sample " + name + " is not on the classpath");
            }
            return in.readAllBytes();
        }
    }

    @Override
    public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        long start = System.nanoTime();
        boolean warmed = false;
        try {
            for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
                prime();
            }
            warmed = true;
        } catch (Exception | LinkageError e) {
            LOG.warn("SnapStart priming failed, the snapshot is taken without it", e);
        }
        try {
            PowertoolsPriming.serializeSampleMetrics();
            PowertoolsPriming.logPrimed(System.getenv(), correlationIdPath, (System.nanoTime() - start) / 1_000_000,
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
