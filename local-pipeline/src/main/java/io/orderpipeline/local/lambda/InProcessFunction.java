package io.orderpipeline.local.lambda;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderpipeline.lambda.context.InvocationContext;
import io.orderpipeline.local.metering.FunctionLog;
import io.orderpipeline.local.metering.FunctionOutput;
import io.orderpipeline.local.template.FunctionSpec;
import io.orderpipeline.local.template.LocalNames;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Lambda function running in this JVM: the template's handler class built once with its environment (a warm
 * container), invoked with a Lambda-like {@code Context}, held to the function's Timeout and Lambda's 6 MB response limit.
 */
public final class InProcessFunction implements AutoCloseable {
    /** Lambda's synchronous response limit. */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionSpec spec;
    private final Map<String, String> environment;
    private final PrintStream log;
    private final Duration timeout;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        var thread = new Thread(r, "lambda-worker");
        thread.setDaemon(true);
        return thread;
    });
    private volatile RequestStreamHandler handler;
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong billedMillis = new AtomicLong();
    /** What the function sends to CloudWatch Logs. */
    private final FunctionLog output;

    /**
     * @param environment the complete environment the handler's {@code Map} constructor receives
     * @param timeout     the function's Timeout (tests may shorten it)
     */
    public InProcessFunction(FunctionSpec spec, Map<String, String> environment, PrintStream log, Duration timeout) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.log = log;
        this.timeout = timeout;
        this.output = new FunctionLog(spec.logicalId(), this.environment.get("POWERTOOLS_SERVICE_NAME"),
                this.environment.get("POWERTOOLS_LOG_LEVEL"));
        FunctionOutput.install();
        FunctionOutput.allowLevel(this.environment.get("POWERTOOLS_LOG_LEVEL"));
    }

    public FunctionSpec spec() {
        return spec;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public InvocationResult invoke(byte[] payload, String qualifier) {
        invocations.incrementAndGet();
        var requestId = UUID.randomUUID().toString();
        var timeoutNanos = timeout.toNanos();
        var started = System.nanoTime();
        var version = qualifier == null ? "$LATEST" : qualifier;
        var context = new InvocationContext(requestId, spec.logicalId(), version, functionArn(qualifier),
                "/aws/lambda/" + spec.logicalId(), "local/[" + version + "]" + requestId.substring(0, 8),
                spec.memoryMb(), InvocationContext.until(started + timeoutNanos), log);
        var future = threads.submit(() -> FunctionOutput.attribute(output, () -> {
            var out = new ByteArrayOutputStream();
            handler().handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        }));
        try {
            var response = future.get(Math.max(timeoutNanos, 1), TimeUnit.NANOSECONDS);
            if (response.length > MAX_RESPONSE_BYTES) {
                return error("Function.ResponseSizeTooLarge",
                        "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).", null);
            }
            return new InvocationResult.Success(response, version);
        } catch (TimeoutException e) {
            future.cancel(true);
            return error("Sandbox.Timedout", String.format(Locale.ROOT, "RequestId: %s Error: Task timed out after %.2f seconds",
                    requestId, timeout.toMillis() / 1000.0), null);
        } catch (ExecutionException e) {
            var cause = e.getCause();
            return error(cause.getClass().getName(), cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return error("Lambda.ServiceException", "The invocation was interrupted", null);
        } finally {
            var elapsed = System.nanoTime() - started;
            var billed = Math.max(1, (elapsed + 999_999) / 1_000_000);
            billedMillis.addAndGet(billed);
            output.invoked(requestId, version, elapsed / 1_000_000, billed, spec.memoryMb());
        }
    }

    public FunctionMetrics metrics() {
        return new FunctionMetrics(spec.logicalId(), spec.memoryMb(), spec.architecture(), invocations.get(), errors.get(),
                billedMillis.get(), output.events(), output.bytes(), output.metrics());
    }

    private InvocationResult error(String type, String message, Throwable cause) {
        errors.incrementAndGet();
        var document = JSON.createObjectNode();
        document.put("errorMessage", message);
        document.put("errorType", type);
        var trace = document.putArray("stackTrace");
        if (cause != null) {
            for (var element : cause.getStackTrace()) {
                trace.add(element.toString());
            }
        }
        log.println(document);
        output.lambdaLine(document.toString());
        return new InvocationResult.FunctionError(type, document.toString());
    }

    private String functionArn(String qualifier) {
        var arn = "arn:aws:lambda:" + LocalNames.REGION + ":" + LocalNames.ACCOUNT_ID + ":function:" + spec.logicalId();
        return qualifier == null ? arn : arn + ":" + qualifier;
    }

    private RequestStreamHandler handler() throws ReflectiveOperationException {
        var current = handler;
        if (current == null) {
            synchronized (this) {
                current = handler;
                if (current == null) {
                    current = instantiate();
                    handler = current;
                }
            }
        }
        return current;
    }

    /** The template names the class: build it with its {@code (Map<String,String>)} constructor, the project's convention. */
    private RequestStreamHandler instantiate() throws ReflectiveOperationException {
        var type = Class.forName(spec.handlerClass());
        if (!RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new IllegalStateException(spec.handlerClass() + " is not a RequestStreamHandler");
        }
        return (RequestStreamHandler) type.getConstructor(Map.class).newInstance(environment);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
