package io.orderpipeline.bench;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.orderpipeline.lambda.aws.AwsClients;
import io.orderpipeline.lambda.tracing.Tracing;
import io.orderpipeline.local.LocalPipeline;
import io.orderpipeline.model.Order;
import io.orderpipeline.reconciler.ReconcilerHandler;
import io.orderpipeline.redrive.RedriveHandler;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import graph of the project's classes (bench depends on every module, so it sees them all, compiled: a
 * compile-time constant is inlined and not a dependency):
 * <ul>
 * <li>no circle between modules: a module's classes never use a class of a module that uses them;</li>
 * <li>no circle between packages: inside a module, no two packages import each other (directly or through others);</li>
 * <li>no circle between classes of the domain, the functions, what they share and the benchmarks: if A uses B,
 * nothing B uses (directly or not) uses A.</li>
 * </ul>
 * A nested class counts as part of its top-level class. Each rule is also run on a fixture that breaks it, so a rule
 * that could not fail would show. The functions' layers (core, aws, edge) are {@link FunctionLayersTest}'s.
 */
class ArchitectureTest {

    /** Every module's classes. */
    private static final String[] ALL = {"io.orderpipeline"};

    /** Class circles: order-model, lambda-support and lambda-aws, the three functions, item-reader, bench. */
    private static final String[] CLASS_CHECKED_PACKAGES = {"io.orderpipeline.model..", "io.orderpipeline.validator..",
            "io.orderpipeline.redrive..", "io.orderpipeline.reconciler..", "io.orderpipeline.items..",
            "io.orderpipeline.lambda..", "io.orderpipeline.bench.."};

    /**
     * The cold-start harness's stand-in for {@code jdk.crac}: {@code org.crac} binds to it by name, so it must have
     * the CRaC API's own shape, whose two types refer to each other ({@code Context<R extends Resource>} is a
     * {@code Resource}; a {@code Resource}'s callbacks take a {@code Context}). Left out of the class check.
     */
    private static final String CRAC_STAND_IN = "io.orderpipeline.bench.coldstart.crac";

    private static final JavaClasses PROJECT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ALL);

    /** The fixtures that break each rule, compiled with the tests. */
    private static final JavaClasses FIXTURES =
            new ClassFileImporter().importPackages("io.orderpipeline.bench.archfixture");

    private static JavaClass topLevel(JavaClass javaClass) {
        JavaClass top = javaClass;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    /** Each top-level class is a slice; a nested class belongs to the class it is declared in. */
    private static final SliceAssignment TOP_LEVEL_CLASSES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            if (javaClass.getPackageName().equals(CRAC_STAND_IN)) {
                return SliceIdentifier.ignore();
            }
            return SliceIdentifier.of(topLevel(javaClass).getName());
        }

        @Override
        public String getDescription() {
            return "top-level classes";
        }
    };

    /**
     * The Maven module a class was compiled in, from where it was loaded: {@code <module>/target/classes}, or a jar
     * named after its module ({@code <module>-<version>.jar}, in the module's target, the local repository, or
     * local-pipeline's {@code target/lib}). Packages do not tell: lambda-aws's {@code io.orderpipeline.lambda.aws} sits
     * inside lambda-support's {@code io.orderpipeline.lambda}.
     */
    static String moduleOf(JavaClass javaClass) {
        String uri = javaClass.getSource().map(source -> source.getUri().toString()).orElse("");
        if (uri.startsWith("jar:")) {
            String jar = uri.substring(0, uri.indexOf("!/"));
            return jar.substring(jar.lastIndexOf('/') + 1).replaceFirst("\\.jar$", "")
                    .replaceFirst("-\\d+\\.\\d+.*$", "");
        }
        int classes = uri.indexOf("/target/classes/");
        if (classes >= 0) {
            return uri.substring(uri.lastIndexOf('/', classes - 1) + 1, classes);
        }
        throw new IllegalStateException("no module for " + javaClass.getName() + " loaded from '" + uri + "'");
    }

    /** The project's own classes; what they use from libraries and the JDK is in no slice. */
    private static boolean ours(JavaClass javaClass) {
        return javaClass.getName().startsWith("io.orderpipeline.");
    }

    /** Each module is a slice. */
    static SliceAssignment modules(Function<JavaClass, String> moduleOf) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return ours(javaClass) ? SliceIdentifier.of(moduleOf.apply(javaClass)) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "modules";
            }
        };
    }

    /** Each package of each module is a slice. */
    static SliceAssignment packages(Function<JavaClass, String> moduleOf) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                if (!ours(javaClass)) {
                    return SliceIdentifier.ignore();
                }
                return SliceIdentifier.of(moduleOf.apply(javaClass) + ":" + javaClass.getPackageName());
            }

            @Override
            public String getDescription() {
                return "packages of modules";
            }
        };
    }

    static ArchRule noCycleBetweenClasses() {
        return slices().assignedFrom(TOP_LEVEL_CLASSES).should().beFreeOfCycles();
    }

    static ArchRule noCycleBetween(SliceAssignment slices) {
        return slices().assignedFrom(slices).should().beFreeOfCycles();
    }

    @Test
    void noImportCircleBetweenModules() {
        noCycleBetween(modules(ArchitectureTest::moduleOf)).check(PROJECT);
    }

    @Test
    void noTwoPackagesOfAModuleImportEachOther() {
        noCycleBetween(packages(ArchitectureTest::moduleOf)).check(PROJECT);
    }

    @Test
    void noImportCircleBetweenClasses() {
        noCycleBetweenClasses().check(PROJECT.that(JavaClass.Predicates.resideInAnyPackage(CLASS_CHECKED_PACKAGES)));
    }

    @Test
    void eachClassIsAssignedTheModuleItWasCompiledIn() {
        assertThat(moduleOf(PROJECT.get(AwsClients.class))).isEqualTo("lambda-aws");
        assertThat(moduleOf(PROJECT.get(Tracing.class))).isEqualTo("lambda-support");
        assertThat(moduleOf(PROJECT.get(RedriveHandler.class))).isEqualTo("dlq-redrive-fn");
        assertThat(moduleOf(PROJECT.get(ReconcilerHandler.class))).isEqualTo("reconciler-fn");
        assertThat(moduleOf(PROJECT.get(Order.class))).isEqualTo("order-model");
        assertThat(moduleOf(PROJECT.get(LocalPipeline.class))).isEqualTo("local-pipeline");
        assertThat(PROJECT.stream().map(ArchitectureTest::moduleOf).distinct())
                .as("every module's classes were imported").contains("order-validator-fn", "item-reader",
                        "asl-executor", "cfn-template", "bench");
    }

    @Test
    void theClassRuleFailsOnARealCircle() {
        assertThatThrownBy(() -> noCycleBetweenClasses().check(FIXTURES)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected").hasMessageContaining("Caller").hasMessageContaining("Callee");
    }

    @Test
    void thePackageRuleFailsOnTwoPackagesThatImportEachOther() {
        assertThatThrownBy(() -> noCycleBetween(packages(c -> "bench")).check(FIXTURES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected")
                .hasMessageContaining("archfixture.pair.left").hasMessageContaining("archfixture.pair.right");
    }

    @Test
    void theModuleRuleFailsOnModulesThatUseEachOther() {
        // the fixture's two packages stand for two modules
        Function<JavaClass, String> twoModules = c -> c.getPackageName().endsWith(".left") ? "left-module"
                : c.getPackageName().endsWith(".right") ? "right-module" : "bench";

        assertThatThrownBy(() -> noCycleBetween(modules(twoModules)).check(FIXTURES))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Cycle detected")
                .hasMessageContaining("left-module").hasMessageContaining("right-module");
    }
}
