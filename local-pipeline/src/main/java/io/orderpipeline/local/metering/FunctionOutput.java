package io.orderpipeline.local.metering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * The JVM's standard output as in-process functions print to it: Powertools' JSON logs and EMF lines (Log4j's console
 * appender follows {@code System.out}). While a function runs on a thread, each line that thread prints goes to the
 * function's {@link FunctionLog}: lines below the function's log level are dropped, as Lambda would never see them, the
 * others are metered and printed. Lines from other threads (emulators, the executor, threads a handler starts itself)
 * pass through untouched.
 */
public final class FunctionOutput extends OutputStream {
    private static final ThreadLocal<FunctionLog> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<ByteArrayOutputStream> PENDING = ThreadLocal.withInitial(ByteArrayOutputStream::new);

    private final PrintStream delegate;

    private FunctionOutput(PrintStream delegate) {
        this.delegate = delegate;
    }

    /** Puts the meter between {@code System.out} and whatever it prints to (once per JVM; later calls keep it). */
    public static synchronized void install() {
        if (!(System.out instanceof Tap)) {
            System.setOut(new Tap(new FunctionOutput(System.out)));
        }
    }

    /**
     * Lets the in-process handlers log at {@code level}: they share one Log4j configuration, whose level comes from
     * the JVM's environment, so a function configured more verbose than it would print nothing at its level.
     */
    public static void allowLevel(String level) {
        if (level == null || level.isBlank()) {
            return;
        }
        var wanted = org.apache.logging.log4j.Level.toLevel(level.trim(), org.apache.logging.log4j.Level.INFO);
        var current = org.apache.logging.log4j.LogManager.getLogger("io.orderpipeline").getLevel();
        if (current != null && wanted.isLessSpecificThan(current) && !wanted.equals(current)) {
            org.apache.logging.log4j.core.config.Configurator.setLevel("io.orderpipeline", wanted);
        }
    }

    /** Runs a function's invocation with its output going to {@code log}. */
    public static <T> T attribute(FunctionLog log, Callable<T> invocation) throws Exception {
        var before = CURRENT.get();
        CURRENT.set(log);
        try {
            return invocation.call();
        } finally {
            flushPending(log);
            CURRENT.set(before);
        }
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        var log = CURRENT.get();
        if (log == null) {
            delegate.write(bytes, offset, length);
            return;
        }
        var pending = PENDING.get();
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                line(log, pending);
                start = i + 1;
            }
        }
        pending.write(bytes, start, offset + length - start);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    private static void flushPending(FunctionLog log) {
        var pending = PENDING.get();
        if (pending.size() > 0 && System.out instanceof Tap tap) {
            tap.output.line(log, pending);
        }
    }

    private void line(FunctionLog log, ByteArrayOutputStream pending) {
        var text = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty() || !log.accept(text)) {
            return;
        }
        synchronized (delegate) {
            delegate.println(text);
        }
    }

    /** The PrintStream installed as System.out (its type marks the meter as installed). */
    private static final class Tap extends PrintStream {
        private final FunctionOutput output;

        Tap(FunctionOutput output) {
            super(output, true, StandardCharsets.UTF_8);
            this.output = output;
        }
    }

    @Override
    public void close() throws IOException {
        delegate.flush();
    }
}
