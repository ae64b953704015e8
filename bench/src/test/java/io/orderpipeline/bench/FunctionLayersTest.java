package io.orderpipeline.bench;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The layers of the functions that call AWS, the reconciler and the redrive: {@code core} holds the decisions and the
 * ports they need, on the project's own types, and never imports the AWS SDK (nor the SQS Extended Client, its payload
 * store, the Lambda runtime or X-Ray), the function's {@code aws} adapters or its edge (the handler's package);
 * {@code aws} holds the adapters and never imports the edge; the edge wires them. Core may log (slf4j with
 * Powertools' structured arguments) and trace through lambda-support's {@code Tracing}; it makes no call to AWS.
 * Each rule is also run on a fixture that breaks it.
 */
class FunctionLayersTest {

    /** What {@code core} must not know: the AWS SDK and the libraries on it, the Lambda runtime and X-Ray. */
    private static final String[] AWS = {"software.amazon.awssdk..", "com.amazon.sqs.javamessaging..",
            "software.amazon.payloadoffloading..", "com.amazonaws.."};

    private static final JavaClasses FUNCTIONS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.orderpipeline.reconciler", "io.orderpipeline.redrive");

    private static final String FIXTURE = "io.orderpipeline.bench.archfixture.layers";

    static ArchRule coreKnowsNoAws(String function) {
        return noClasses().that().resideInAPackage(function + ".core..")
                .should().dependOnClassesThat().resideInAnyPackage(AWS)
                .orShould().dependOnClassesThat().resideInAPackage(function + ".aws..")
                .orShould().dependOnClassesThat().resideInAPackage(function)
                .because("decisions work on the project's own types behind ports; the SDK stays in the adapters");
    }

    static ArchRule adaptersKnowNoEdge(String function) {
        return noClasses().that().resideInAPackage(function + ".aws..")
                .should().dependOnClassesThat().resideInAPackage(function)
                .because("the edge wires the adapters, not the other way round");
    }

    /** The shape is there: the layer has classes (a rule over an empty package would pass for nothing). */
    private static void assertHasLayer(String function, String layer) {
        assertThat(FUNCTIONS.that(JavaClass.Predicates.resideInAPackage(function + "." + layer + "..")))
                .as("%s.%s", function, layer).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.orderpipeline.reconciler", "io.orderpipeline.redrive"})
    void coreImportsNeitherTheSdkNorTheAdaptersNorTheEdge(String function) {
        assertHasLayer(function, "core");
        coreKnowsNoAws(function).check(FUNCTIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.orderpipeline.reconciler", "io.orderpipeline.redrive"})
    void adaptersDoNotImportTheEdge(String function) {
        assertHasLayer(function, "aws");
        adaptersKnowNoEdge(function).check(FUNCTIONS);
    }

    @Test
    void theRulesFailOnACoreThatUsesTheSdkAndAnAdapterThatUsesTheEdge() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

        assertThatThrownBy(() -> coreKnowsNoAws(FIXTURE).check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Decision")
                .hasMessageContaining("software.amazon.awssdk.services.sqs.model.Message")
                .hasMessageContaining("Adapter");
        assertThatThrownBy(() -> adaptersKnowNoEdge(FIXTURE).check(fixture)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Adapter").hasMessageContaining("Edge");
    }
}
