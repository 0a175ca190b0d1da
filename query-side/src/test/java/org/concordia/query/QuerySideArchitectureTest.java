package org.concordia.query;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The query side reads events and writes MongoDB; it never reaches into the command side, infra or Spring. */
class QuerySideArchitectureTest {

    private static JavaClasses querySide;

    @BeforeAll
    static void importQuerySide() {
        querySide = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                           .importPackages("org.concordia.query");
    }

    @Test
    void noCommandSideNoInfraNoSpring() {
        noClasses().should().dependOnClassesThat()
                   .resideInAnyPackage("org.concordia.command..", "org.concordia.infra..", "org.springframework..")
                   .check(querySide);
    }

    @Test
    void projectionsTakeTimeFromEventsNotTheWallClock() {
        noClasses().should().callMethod(Instant.class, "now")
                   .orShould().callMethod(Clock.class, "systemUTC")
                   .check(querySide);
    }
}
