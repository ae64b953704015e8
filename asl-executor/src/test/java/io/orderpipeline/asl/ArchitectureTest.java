package io.orderpipeline.asl;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No import circle (issue #10 §4, issue #19): from the compiled classes, {@code jdeps} lists which class uses which.
 * No two packages import each other, directly or through others: the API ({@code api}) and what integrations
 * implement ({@code spi}) sit below everything, the parser and the engine ({@link AslExecutor}'s package) above the
 * states they build and run. A cycle among classes is allowed only inside one package (a sealed class and its
 * subclasses, a class and its nested helper). Nested classes count as their top-level class.
 */
class ArchitectureTest {

    private static final String ROOT = "io.orderpipeline.asl.";
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s.*$");

    @Test
    void noCycleOfClassesLeavesItsPackage() throws Exception {
        Map<String, Set<String>> graph = dependencies();
        assertThat(graph).as("jdeps found the executor's classes").hasSizeGreaterThan(50);
        var crossing = new ArrayList<String>();
        for (Set<String> component : stronglyConnected(graph)) {
            var packages = new TreeSet<String>();
            component.forEach(name -> packages.add(packageOf(name)));
            if (packages.size() > 1) {
                crossing.add(component + " spans " + packages);
            }
        }
        assertThat(crossing).as("class cycles that span packages").isEmpty();
    }

    @Test
    void noTwoPackagesImportEachOther() throws Exception {
        Map<String, Set<String>> packages = new TreeMap<>();
        dependencies().forEach((from, to) -> {
            var uses = packages.computeIfAbsent(packageOf(from), k -> new TreeSet<>());
            to.stream().map(ArchitectureTest::packageOf).filter(other -> !other.equals(packageOf(from)))
                    .forEach(uses::add);
        });
        assertThat(packages).as("jdeps found the executor's packages").containsKeys(ROOT + "api", ROOT + "states");
        assertThat(stronglyConnected(packages)).as("packages that import each other").isEmpty();
    }

    @Test
    void theParserHandsNestedGraphsInInsteadOfBeingCalledBack() throws Exception {
        Map<String, Set<String>> graph = dependencies();
        String parser = ROOT + "DefinitionParser";
        assertThat(graph).as("the parser is where this test looks").containsKey(parser);
        for (String state : List.of("states.ParallelState", "states.ItemProcessor", "states.MapState")) {
            assertThat(graph).containsKey(ROOT + state);
            assertThat(graph.get(ROOT + state)).doesNotContain(parser);
        }
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** Class → the classes of this module it uses (nested classes folded into their top-level class). */
    private static Map<String, Set<String>> dependencies() throws URISyntaxException {
        Path classes = Path.of(AslExecutor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new AssertionError("jdeps is not available in this JDK"));
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none",
                "--multi-release", "21", classes.toString());
        assertThat(exit).as("jdeps failed: " + err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            var edge = EDGE.matcher(line);
            if (!edge.matches()) {
                continue;
            }
            String from = topLevel(edge.group(1));
            String to = topLevel(edge.group(2));
            if (from.startsWith(ROOT) && to.startsWith(ROOT)) {
                graph.computeIfAbsent(from, k -> new TreeSet<>());
                if (!from.equals(to)) {
                    graph.get(from).add(to);
                }
            }
        }
        return graph;
    }

    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    /** Tarjan's algorithm: the strongly connected components with more than one class. */
    private static List<Set<String>> stronglyConnected(Map<String, Set<String>> graph) {
        var index = new HashMap<String, Integer>();
        var low = new HashMap<String, Integer>();
        var stack = new ArrayDeque<String>();
        var onStack = new java.util.HashSet<String>();
        var components = new ArrayList<Set<String>>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                visit(node, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                              List<Set<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            var component = new TreeSet<String>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }
}
