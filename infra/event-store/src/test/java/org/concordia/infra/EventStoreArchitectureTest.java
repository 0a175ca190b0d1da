package org.concordia.infra;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The bottom of the infrastructure: Axon and MongoDB only, no Spring, nothing of the modules above it. */
class EventStoreArchitectureTest {

    private static JavaClasses eventStore;

    @BeforeAll
    static void importEventStore() {
        eventStore = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                            .importPackages("org.concordia.infra");
    }

    @Test
    void noSpringAndNothingOfTheModulesAbove() {
        noClasses().should().dependOnClassesThat()
                   .resideInAnyPackage("org.springframework..", "org.concordia.kernel..", "org.concordia.command..",
                                       "org.concordia.query..", "org.concordia.infra.audit..",
                                       "org.concordia.infra.integration..", "org.concordia.infra.api..",
                                       "org.concordia.infra.config..")
                   .check(eventStore);
    }

    @Test
    void noCycleBetweenItsPackages() {
        slices().matching("org.concordia.infra.(*)..").should().beFreeOfCycles().check(eventStore);
    }
}
