package org.concordia.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.account.AccountEvent;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.GovernanceLadderDefined;
import org.concordia.kernel.issue.IssueAssigned;
import org.concordia.kernel.issue.IssueClosed;
import org.concordia.kernel.issue.IssueEscalated;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.ProposalAdopted;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.ResolutionProposed;
import org.concordia.kernel.issue.VoteCast;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KernelArchitectureTest {

    private static JavaClasses kernel;

    @BeforeAll
    static void importKernel() {
        kernel = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                        .importPackages("org.concordia.kernel");
    }

    private static List<Class<?>> events() {
        return Stream.of(CollaborationEvent.class, IssueEvent.class, AccountEvent.class)
                     .flatMap(sealed -> Arrays.stream(sealed.getPermittedSubclasses()))
                     .toList();
    }

    @Test
    void kernelHoldsContractsOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..",
                           "org.bson..", "com.fasterxml..", "org.concordia.command..", "org.concordia.query..",
                           "org.concordia.infra..")
                   .check(kernel);
    }

    @Test
    void everyEventIsAnnotatedWithRevision() {
        classes().that().implement(CollaborationEvent.class).or().implement(IssueEvent.class)
                 .or().implement(AccountEvent.class)
                 .should().beAnnotatedWith(Revision.class)
                 .andShould().beRecords()
                 .check(kernel);
    }

    @Test
    void everyEventIsEnumeratedByItsSealedInterfaceAtItsCurrentRevision() {
        // revision 2 added electronic signatures (21 CFR 11.50); revision 3 (2 for the first four) decision rules,
        // chairs, entry routes, restrictions and new signature meanings; revision 2 of IssueAssigned the reason for
        // a reassignment; infra upcasts the older revisions
        Map<Class<?>, String> revised = Map.of(VoteCast.class, "3", ProposalAdopted.class, "3",
                                               ProposalRejected.class, "3", IssueClosed.class, "3",
                                               GovernanceLadderDefined.class, "2", IssueRaised.class, "2",
                                               IssueEscalated.class, "2", ResolutionProposed.class, "2",
                                               IssueAssigned.class, "2");
        assertThat(events()).hasSize(7 + 33 + 10)
                            .allSatisfy(event -> {
                                assertThat(event.isRecord()).as(event + " is a record").isTrue();
                                assertThat(event.getAnnotation(Revision.class)).as(event + " @Revision").isNotNull();
                                assertThat(event.getAnnotation(Revision.class).value()).as(event.getName())
                                        .isEqualTo(revised.getOrDefault(event, "1"));
                            });
    }

    @Test
    void eventNamesArePastTenseWithoutSuffix() {
        // Cast and Reset: irregular past participles
        assertThat(events()).map(Class::getSimpleName)
                            .allSatisfy(name -> assertThat(name).doesNotEndWith("Event")
                                                                .matches(".*(ed|wn|Cast|Reset)$"));
    }

    @Test
    void messagesAreRecords() {
        classes().that().resideInAnyPackage("org.concordia.kernel.collaboration", "org.concordia.kernel.issue",
                                            "org.concordia.kernel.account")
                 .and().areNotEnums().and().areNotInterfaces().and().doNotHaveSimpleName("UserAccountId")
                 .should().beRecords()
                 .check(kernel);
    }
}
