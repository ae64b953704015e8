package io.orderpipeline.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds the project root (the directory holding template.yaml) from wherever the tests run. */
final class ProjectFiles {

    private static final Path ROOT = locateRoot();

    private ProjectFiles() {
    }

    static Path root() {
        return ROOT;
    }

    static Path resolve(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path locateRoot() {
        var cwd = Path.of("").toAbsolutePath();
        return Stream.of(System.getProperty("maven.multiModuleProjectDirectory"), cwd.getParent().toString(), cwd.toString())
                .filter(p -> p != null && !p.isBlank())
                .map(Path::of)
                .filter(p -> Files.isRegularFile(p.resolve("template.yaml")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no template.yaml in " + cwd + " or its parent"));
    }
}
