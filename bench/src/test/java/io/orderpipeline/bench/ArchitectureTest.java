package io.orderpipeline.bench;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No import circle between classes in the domain, both functions, what they share and the benchmarks: if A uses B,
 * nothing B uses (directly or not) uses A. A nested class counts as part of its top-level class. The check reads the
 * compiled classes (bench depends on every one of these modules), so it sees what the compiler kept: a compile-time
 * constant is inlined and not a dependency.
 */
class ArchitectureTest {

    /** order-model, order-validator-fn, dlq-redrive-fn, lambda-support, bench. */
    private static final String[] CHECKED = {"io.orderpipeline.model", "io.orderpipeline.validator",
            "io.orderpipeline.redrive", "io.orderpipeline.lambda", "io.orderpipeline.bench"};

    /**
     * The cold-start harness's stand-in for {@code jdk.crac}: {@code org.crac} binds to it by name, so it must have
     * the CRaC API's own shape, whose two types refer to each other ({@code Context<R extends Resource>} is a
     * {@code Resource}; a {@code Resource}'s callbacks take a {@code Context}). Left out of the check.
     */
    private static final String CRAC_STAND_IN = "io.orderpipeline.bench.coldstart.crac";

    /** Each top-level class is a slice; a nested class belongs to the class it is declared in. */
    private static final SliceAssignment TOP_LEVEL_CLASSES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            if (javaClass.getPackageName().equals(CRAC_STAND_IN)) {
                return SliceIdentifier.ignore();
            }
            JavaClass top = javaClass;
            while (top.getEnclosingClass().isPresent()) {
                top = top.getEnclosingClass().get();
            }
            return SliceIdentifier.of(top.getName());
        }

        @Override
        public String getDescription() {
            return "top-level classes";
        }
    };

    static ArchRule noCycleBetweenClasses() {
        return slices().assignedFrom(TOP_LEVEL_CLASSES).should().beFreeOfCycles();
    }

    @Test
    void noImportCircleBetweenClasses() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CHECKED);

        noCycleBetweenClasses().check(classes);
    }

    @Test
    void theRuleFailsOnARealCircle() {
        JavaClasses circle = new ClassFileImporter().importPackages("io.orderpipeline.bench.archfixture");

        assertThatThrownBy(() -> noCycleBetweenClasses().check(circle)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected").hasMessageContaining("Caller").hasMessageContaining("Callee");
    }
}
