package io.orderpipeline.bench.jars;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class JarAnatomyTest {

    @Test
    void groupsEntriesByPackageWithServiceClientsSplit() {
        assertThat(JarAnatomy.groupOf("org/apache/logging/log4j/core/Logger.class", 4))
                .isEqualTo("org.apache.logging.log4j");
        assertThat(JarAnatomy.groupOf("software/amazon/awssdk/services/dynamodb/model/PutItemRequest.class", 4))
                .isEqualTo("software.amazon.awssdk.services.dynamodb");
        assertThat(JarAnatomy.groupOf("META-INF/services/x.y.Z", 4)).isEqualTo("META-INF");
        assertThat(JarAnatomy.groupOf("log4j2.xml", 4)).isEqualTo("(root)");
        assertThat(JarAnatomy.groupOf("io/Short.class", 4)).isEqualTo("io");
    }

    @Test
    void ranksGroupsByCompressedSize(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("f.jar");
        byte[] noise = new byte[50_000];
        new Random(1).nextBytes(noise); // incompressible: the big group must come first
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            put(zip, "com/small/lib/A.class", new byte[10_000]);
            put(zip, "com/small/lib/B.class", new byte[10_000]);
            put(zip, "org/big/lib/C.class", noise);
        }

        var groups = JarAnatomy.groups(jar, 3);

        assertThat(groups).extracting(JarAnatomy.Group::name).containsExactly("org.big.lib", "com.small.lib");
        assertThat(groups.getFirst().uncompressed()).isEqualTo(50_000);
        assertThat(groups.get(1).entries()).isEqualTo(2);
        assertThat(groups.get(1).compressed()).isLessThan(groups.get(1).uncompressed());
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
