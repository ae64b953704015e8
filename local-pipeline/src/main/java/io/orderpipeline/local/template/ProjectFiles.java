package io.orderpipeline.local.template;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's files are: {@code -Dorderpipeline.home} (set by {@code ./pipeline}), else the nearest directory
 * upwards from the current one that holds {@code template.yaml}.
 */
public final class ProjectFiles {
    public static final String HOME_PROPERTY = "orderpipeline.home";

    private ProjectFiles() {
    }

    public static Path home() {
        var configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        var current = Path.of("").toAbsolutePath();
        for (var dir = current; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir;
            }
        }
        return current;
    }

    public static Path template() {
        return home().resolve("template.yaml");
    }
}
