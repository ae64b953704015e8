package io.orderpipeline.bench.jars;

import io.orderpipeline.bench.report.Summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Size of each function jar and what fills it: entries grouped by package (the first {@code depth} path segments),
 * ranked by compressed size — what the Lambda deployment package limit and the cold-start download actually see.
 *
 * <p>Usage: {@code JarAnatomy [--top N] [--depth D] name=jar ...} (SDK service clients are split one level further)
 */
public final class JarAnatomy {

    static final double TARGET_MB = 12.0;
    /** The reconciler carries S3, SQS with the Extended Client and DynamoDB: its own target (#22 §9). */
    static final java.util.Map<String, Double> TARGETS_MB = java.util.Map.of("reconciler", 20.0);

    /** Compressed and uncompressed bytes and entry count of one group. */
    public record Group(String name, long compressed, long uncompressed, int entries) {
    }

    private JarAnatomy() {
    }

    public static void main(String[] args) throws IOException {
        int top = 10;
        int depth = 3;
        Map<String, Path> jars = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--depth" -> depth = Integer.parseInt(args[++i]);
                default -> {
                    String[] nameAndPath = args[i].split("=", 2);
                    jars.put(nameAndPath[0], Path.of(nameAndPath[1]));
                }
            }
        }
        for (var jar : jars.entrySet()) {
            long size = Files.size(jar.getValue());
            List<Group> groups = groups(jar.getValue(), depth);
            long classes = groups.stream().mapToLong(Group::entries).sum();
            System.out.printf("%n%s: %s — %.2f MB (%,d bytes, %,d entries)%n", jar.getKey(), jar.getValue().getFileName(),
                    size / 1e6, size, classes);
            System.out.printf("  %-45s %12s %7s %14s %8s%n", "package (top " + top + " by compressed size)",
                    "compressed", "share", "uncompressed", "entries");
            for (Group g : groups.subList(0, Math.min(top, groups.size()))) {
                System.out.printf("  %-45s %10.2f MB %6.1f%% %11.2f MB %8d%n", g.name(), g.compressed() / 1e6,
                        100.0 * g.compressed() / size, g.uncompressed() / 1e6, g.entries());
            }
            Group first = groups.getFirst();
            double target = TARGETS_MB.getOrDefault(jar.getKey(), TARGET_MB);
            new Summary("3 jar size", jar.getKey(), Summary.fmt("%.2f MB", size / 1e6), "-", "-",
                    Summary.fmt("<= %.0f MB", target), Summary.atMost(size / 1e6, target)
                    + Summary.fmt(" (largest: %s %.1f MB)", first.name(), first.compressed() / 1e6)).print();
        }
    }

    /** Entries grouped by their first {@code depth} path segments, largest compressed size first. */
    public static List<Group> groups(Path jar, int depth) throws IOException {
        Map<String, long[]> totals = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (entry.isDirectory()) {
                    continue;
                }
                long[] t = totals.computeIfAbsent(groupOf(entry.getName(), depth), k -> new long[3]);
                t[0] += entry.getCompressedSize();
                t[1] += entry.getSize();
                t[2]++;
            }
        }
        return totals.entrySet().stream()
                .map(e -> new Group(e.getKey(), e.getValue()[0], e.getValue()[1], (int) e.getValue()[2]))
                .sorted(Comparator.comparingLong(Group::compressed).reversed())
                .toList();
    }

    /** {@code software/amazon/awssdk/services/sqs/X.class} at depth 3 → {@code software.amazon.awssdk}. */
    static String groupOf(String entryName, int depth) {
        String[] parts = entryName.split("/");
        if (parts.length == 1) {
            return "(root)";
        }
        if (parts[0].equals("META-INF")) {
            return "META-INF";
        }
        int segments = Math.min(depth, parts.length - 1);
        String group = String.join(".", java.util.Arrays.copyOf(parts, segments));
        // one SDK service client per group: "which service clients" is the useful answer there
        if (group.equals("software.amazon.awssdk.services") && parts.length > segments + 1) {
            group += "." + parts[segments];
        }
        return group;
    }
}
