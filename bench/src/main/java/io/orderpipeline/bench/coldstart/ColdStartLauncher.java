package io.orderpipeline.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orderpipeline.lambda.context.InvocationContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What the Lambda Java runtime does on a cold start, reduced to the parts that depend on the function: load the
 * handler class from the function's jar, construct it, invoke it once with an event. Prints
 * {@code FIRST_RESPONSE} the moment the first response is complete (the harness stops its clock there), then invokes
 * a second time in the same JVM and prints both in-process durations: the first-invoke surplus is what SnapStart
 * priming moves before the snapshot.
 *
 * <p>With {@code -Dorg.crac.Core.Compat=io.orderpipeline.bench.coldstart.crac} the launcher also plays SnapStart: after
 * the constructor it runs the CRaC checkpoint hooks the handler registered (its priming) through the stand-in
 * {@link io.orderpipeline.bench.coldstart.crac.Core}, reports that as {@code prime}, and the first invoke is then the
 * first invoke after a restore.
 *
 * <p>The context it passes is lambda-support's {@link InvocationContext}, packed into the launcher jar (as the Lambda
 * runtime provides its own context class, not the function's jar).
 *
 * <p>Usage: {@code ColdStartLauncher <function jar> <handler class> <event file> <function name>}
 */
public final class ColdStartLauncher {

    public static final String FIRST_RESPONSE = "FIRST_RESPONSE";
    public static final String TIMINGS = "TIMINGS";
    /** Marks where the first invoke begins, for reading a {@code -Xlog:class+load} trace of a launch by hand. */
    public static final String FIRST_INVOKE_STARTS = "FIRST_INVOKE_STARTS";
    /** The package {@code org.crac} binds to for the priming cases. */
    public static final String SIMULATED_CRAC = "io.orderpipeline.bench.coldstart.crac";

    private ColdStartLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ColdStartLauncher <function jar> <handler class> <event file> <function name>");
            System.exit(2);
        }
        // Handlers log to stdout; the harness reads only our protocol lines, on stderr's twin below.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        byte[] event = Files.readAllBytes(Path.of(args[2]));

        long initStart = System.nanoTime();
        var loader = new URLClassLoader(new URL[]{Path.of(args[0]).toUri().toURL()},
                ColdStartLauncher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[1], true, loader)
                .getDeclaredConstructor().newInstance();
        long initNanos = System.nanoTime() - initStart;
        long primeNanos = 0;
        if (SIMULATED_CRAC.equals(System.getProperty("org.crac.Core.Compat"))) {
            long primeStart = System.nanoTime();
            io.orderpipeline.bench.coldstart.crac.Core.checkpointRestore();
            primeNanos = System.nanoTime() - primeStart;
        }

        protocol.println(FIRST_INVOKE_STARTS);
        long first = invoke(handler, event, args[3]);
        protocol.println(FIRST_RESPONSE);
        long second = invoke(handler, event, args[3]);
        protocol.printf("%s init=%d prime=%d first=%d second=%d%n", TIMINGS, initNanos, primeNanos, first, second);
        System.exit(0);
    }

    /** The Lambda context the runtime would pass: a fresh request id per invoke, the function's name. */
    private static InvocationContext context(String functionName) {
        return new InvocationContext(UUID.randomUUID().toString(), functionName, "1",
                "arn:aws:lambda:us-east-1:000000000000:function:" + functionName + ":live", "/aws/lambda/" + functionName,
                "bench", 1024, InvocationContext.fixed(60_000), System.out);
    }

    private static long invoke(RequestStreamHandler handler, byte[] event, String functionName) throws Exception {
        long start = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context(functionName));
        long elapsed = System.nanoTime() - start;
        if (out.size() == 0) {
            throw new IllegalStateException("the handler wrote no response");
        }
        return elapsed;
    }
}
