package io.orderpipeline.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * What order-model's packages may use. The domain ({@code io.orderpipeline.model}) and the JSON setup
 * ({@code .json}) stand alone; the fast read and encoding ({@code .fast}) know no rule and no contract; the rules
 * ({@code .rules}) and the wire contracts ({@code .wire}) build on those and not on each other; nothing knows AWS.
 */
class LayersTest {

    private static final JavaClasses MODEL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.orderpipeline.model");

    @Test
    void theFastPathJudgesNothing() {
        // it only finds values: which records are orders is decided by the one rule pass in .rules
        noClasses().that().resideInAPackage("..model.fast..")
                .should().dependOnClassesThat().resideInAnyPackage("..model.rules..", "..model.wire..")
                .orShould().dependOnClassesThat().belongToAnyOf(ReasonCode.class, Violation.class, ValidationResult.class)
                .check(MODEL);
    }

    @Test
    void theDomainAndTheJsonSetupStandAlone() {
        noClasses().that().resideInAPackage("io.orderpipeline.model")
                .should().dependOnClassesThat().resideInAnyPackage("..model.json..", "..model.fast..",
                        "..model.rules..", "..model.wire..")
                .check(MODEL);
        noClasses().that().resideInAPackage("..model.json..")
                .should().dependOnClassesThat().resideInAnyPackage("io.orderpipeline.model", "..model.fast..",
                        "..model.rules..", "..model.wire..")
                .check(MODEL);
    }

    @Test
    void rulesAndWireContractsDoNotUseEachOther() {
        noClasses().that().resideInAPackage("..model.rules..")
                .should().dependOnClassesThat().resideInAPackage("..model.wire..").check(MODEL);
        noClasses().that().resideInAPackage("..model.wire..")
                .should().dependOnClassesThat().resideInAPackage("..model.rules..").check(MODEL);
    }

    @Test
    void theDomainKnowsNoAws() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.amazonaws..", "software.amazon..")
                .check(MODEL);
    }
}
