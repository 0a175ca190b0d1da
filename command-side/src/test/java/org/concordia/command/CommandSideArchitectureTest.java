package org.concordia.command;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CommandSideArchitectureTest {

    private static JavaClasses commandSide;

    @BeforeAll
    static void importCommandSide() {
        commandSide = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                             .importPackages("org.concordia.command");
    }

    @Test
    void noSpringNoMongoNoQuerySideNoInfra() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                           "org.bson..", "org.concordia.query..", "org.concordia.infra..")
                   .check(commandSide);
    }

    @Test
    void aggregatesAreDeterministic() {
        noClasses().should().callMethod(Instant.class, "now")
                   .orShould().callMethod(UUID.class, "randomUUID")
                   .orShould().callMethod(LocalDate.class, "now")
                   .orShould().callMethod(Clock.class, "systemUTC")
                   .orShould().callMethod(System.class, "currentTimeMillis")
                   .check(commandSide);
    }

    @Test
    void directoryPortKnowsNoAggregate() {
        noClasses().that().resideInAPackage("org.concordia.command.directory..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.concordia.command.collaboration..", "org.concordia.command.issue..")
                   .check(commandSide);
    }

    @Test
    void issueDoesNotReachIntoTheCollaborationAggregate() {
        noClasses().that().resideInAPackage("org.concordia.command.issue..")
                   .should().dependOnClassesThat().resideInAPackage("org.concordia.command.collaboration..")
                   .check(commandSide);
    }
}
