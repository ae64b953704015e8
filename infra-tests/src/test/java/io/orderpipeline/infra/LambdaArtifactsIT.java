package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code sam build} would ship: each function's lambda jar (found under its module's target/ after the
 * reactor's package phase, and built again through the Makefile exactly as sam build calls it) holds the handler
 * class the template names, as a class Lambda can instantiate, plus the order-model classes it needs.
 */
class LambdaArtifactsIT {

    private static final Pattern MAKE_TARGET = Pattern.compile("(?m)^build-(\\w+):\\s*\\n\\t\\$\\(call build-lambda-jar,([\\w-]+)\\)");

    record Function(String logicalId, String module, String handlerClass) {
        @Override
        public String toString() {
            return logicalId + " (" + module + ")";
        }
    }

    /** Functions from the template, each with the module its Makefile target builds. */
    static Stream<Function> functions() throws IOException {
        var modules = new LinkedHashMap<String, String>();
        var m = MAKE_TARGET.matcher(Files.readString(ProjectFiles.resolve("Makefile")));
        while (m.find()) {
            modules.put(m.group(1), m.group(2));
        }
        var template = SamTemplate.load();
        var functions = new ArrayList<Function>();
        for (var resource : template.resourcesOfType("AWS::Serverless::Function")) {
            var handler = String.valueOf(resource.properties().get("Handler"));
            assertThat(modules).as("Makefile target for %s", resource.logicalId()).containsKey(resource.logicalId());
            functions.add(new Function(resource.logicalId(), modules.get(resource.logicalId()), handler.split("::")[0]));
        }
        return functions.stream();
    }

    private static void abortIfModuleHasNoCodeYet(Function function) {
        if (!Files.isDirectory(ProjectFiles.resolve(function.module() + "/src/main/java"))) {
            abort(function.module() + " has no source code yet (no src/main/java), so there is no lambda jar to check");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void reactorBuiltLambdaJarHoldsAnInstantiableHandler(Function function) throws Exception {
        abortIfModuleHasNoCodeYet(function);
        var target = ProjectFiles.resolve(function.module() + "/target");
        var jars = lambdaJars(target);
        assertThat(jars).as("%s-*-lambda.jar under %s (built by the package phase)", function.module(), target).hasSize(1);
        assertDeployable(jars.getFirst(), function);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void makefileTargetPutsTheLambdaJarWhereSamExpectsIt(Function function, @TempDir Path artifacts) throws Exception {
        abortIfModuleHasNoCodeYet(function);
        var make = ExternalTool.require("make", "make is not installed; the sam build Makefile was NOT exercised");
        var env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        var result = ExternalTool.run(ProjectFiles.root(), env, 900,
                List.of(make.toString(), "build-" + function.logicalId(), "ARTIFACTS_DIR=" + artifacts));
        assertThat(result.exitCode()).as("make build-%s said:%n%s", function.logicalId(), result.output()).isZero();

        var jars = lambdaJars(artifacts.resolve("lib"));
        assertThat(jars).as("one lambda jar in ARTIFACTS_DIR/lib").hasSize(1);
        try (var files = Files.list(artifacts)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("lib");
        }
        assertDeployable(jars.getFirst(), function);
    }

    /**
     * What {@code sam local invoke ValidatorFunction -e events/validator-batch.json} does, without Docker: the
     * handler, loaded from the lambda jar alone and given the template's environment, answers the sample batch with
     * the output data-contracts.md §2 describes.
     */
    @org.junit.jupiter.api.Test
    void validatorJarAnswersTheSampleBatchInTheContractShape() throws Exception {
        var function = functions().filter(f -> f.logicalId().equals("ValidatorFunction")).findFirst().orElseThrow();
        abortIfModuleHasNoCodeYet(function);
        var jars = lambdaJars(ProjectFiles.resolve(function.module() + "/target"));
        assertThat(jars).hasSize(1);
        var environment = new LinkedHashMap<String, String>();
        SamTemplate.load().functionEnvironment(function.logicalId()).forEach((name, value) ->
                environment.put(name, Intrinsic.of(value) == null ? String.valueOf(value) : "INFO"));
        var batch = Files.readAllBytes(ProjectFiles.resolve("events/validator-batch.json"));

        byte[] answer;
        try (var loader = new URLClassLoader(new java.net.URL[] {jars.getFirst().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            var handlerClass = Class.forName(function.handlerClass(), true, loader);
            var handler = handlerClass.getConstructor(Map.class).newInstance(environment);
            var contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
            var out = new java.io.ByteArrayOutputStream();
            var previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                handlerClass.getMethod("handleRequest", InputStream.class, OutputStream.class, contextType)
                        .invoke(handler, new java.io.ByteArrayInputStream(batch), out, lambdaContext(loader, contextType));
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            answer = out.toByteArray();
        }

        var request = AslDefinition.JSON.readTree(batch);
        var response = AslDefinition.JSON.readTree(answer);
        var received = request.path("Items").size();
        var key = request.path("BatchInput").path("key").asText();
        // data-contracts.md §2: every item reported once; the sample batch is small, so nothing is deferred
        assertThat(response.path("report").path("received").asInt()).isEqualTo(received);
        assertThat(response.path("report").path("records").size()).isEqualTo(received);
        assertThat(response.path("valid").size() + response.path("invalid").size()).isEqualTo(received);
        assertThat(response.path("valid").size()).isPositive();
        assertThat(response.path("invalid").size()).isPositive();
        assertThat(response.path("shared").path("sourceKey").path("S").asText()).isEqualTo(key);
        for (var valid : response.path("valid")) {
            var index = valid.path("index").asInt();
            assertThat(valid.path("item").path("orderId").path("S").asText())
                    .isEqualTo(request.path("Items").get(index).path("record").path("orderId").asText());
            assertThat(valid.path("item").path("contentHash").path("S").asText()).matches("[0-9a-f]{64}");
            assertThat(valid.path("recordId").asText()).isNotEmpty();
            assertThat(valid.path("item").has("sourceKey")).as("shared attributes travel once, in shared").isFalse();
        }
        for (var invalid : response.path("invalid")) {
            var body = AslDefinition.JSON.readTree(invalid.path("message").asText());
            assertThat(body.path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(body.path("kind").asText()).isEqualTo("ORDER");
            assertThat(body.path("source").path("key").asText()).isEqualTo(key);
            assertThat(invalid.path("reason").asText()).isEqualTo(body.path("reasons").get(0).path("code").asText());
            assertThat(invalid.path("recordId").asText()).isEqualTo(body.path("recordId").asText()).isNotEmpty();
            assertThat(body.path("recordIndex").asInt()).isEqualTo(invalid.path("index").asInt());
        }
    }

    /** A Lambda Context for a local call: a proxy answering what handlers usually ask. */
    private static Object lambdaContext(ClassLoader loader, Class<?> contextType) throws ClassNotFoundException {
        var loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, loader);
        var logger = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {loggerType},
                (proxy, method, args) -> {
                    if (method.getName().equals("log") && args != null && args.length > 0) {
                        System.out.println(args[0] instanceof byte[] bytes ? new String(bytes) : args[0]);
                    }
                    return null;
                });
        return java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getAwsRequestId" -> "00000000-0000-0000-0000-000000000001";
                    case "getFunctionName" -> "ValidatorFunction";
                    case "getFunctionVersion" -> "1";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:ValidatorFunction:live";
                    case "getLogGroupName" -> "/aws/lambda/order-pipeline-validator";
                    case "getLogStreamName" -> "local";
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getLogger" -> logger;
                    case "toString" -> "local Lambda context";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static List<Path> lambdaJars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).toList();
        }
    }

    private static void assertDeployable(Path jar, Function function) throws Exception {
        try (var zip = new JarFile(jar.toFile())) {
            var names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).as("entries of %s", jar.getFileName())
                    .contains(function.handlerClass().replace('.', '/') + ".class")
                    .anyMatch(n -> n.startsWith("io/orderpipeline/model/") && n.endsWith(".class"))
                    // a signed dependency's signature files would make the merged jar fail verification
                    .noneMatch(n -> n.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
        }
        // Lambda instantiates the handler with its no-arg constructor and calls handleRequest(in, out, context).
        try (var loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            var handler = Class.forName(function.handlerClass(), false, loader);
            var streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
            assertThat(streamHandler.isAssignableFrom(handler)).as("%s is a RequestStreamHandler", handler).isTrue();
            assertThat(handler.getConstructor()).as("public no-arg constructor").isNotNull();
            var context = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
            assertThat(handler.getMethod("handleRequest", InputStream.class, OutputStream.class, context)).isNotNull();
        }
    }
}
