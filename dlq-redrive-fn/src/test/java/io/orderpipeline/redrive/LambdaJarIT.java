package io.orderpipeline.redrive;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployed artifact carries what SnapStart priming needs: its sample, its class and the CRaC API. */
class LambdaJarIT {

    static Path lambdaJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no -lambda.jar in target/: run the package phase"));
        }
    }

    @Test
    void theShadedJarHoldsThePrimingSampleAndTheCracApi() throws IOException {
        try (JarFile jar = new JarFile(lambdaJar().toFile())) {
            assertThat(jar.getEntry(SnapStartPriming.SAMPLE_MESSAGES.substring(1))).isNotNull();
            assertThat(jar.getEntry("io/orderpipeline/redrive/SnapStartPriming.class")).isNotNull();
            assertThat(jar.getEntry("org/crac/Core.class")).isNotNull();
        }
    }
}
