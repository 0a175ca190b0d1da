package org.concordia.infra;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.concordia.infra.audit.AuditChain;
import org.concordia.infra.audit.AuditProperties;
import org.concordia.infra.audit.AuditRecords;
import org.concordia.infra.audit.AuditService;
import org.concordia.infra.audit.SigningKeys;
import org.concordia.infra.deadline.MongoDeadlineManager;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.eventstore.SparseClaimExtensions;
import org.concordia.infra.eventstore.StorageSerializers;
import org.concordia.infra.integration.feed.CloudEventMapper;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.feed.FeedProjection;
import org.concordia.infra.integration.feed.FeedVisibility;
import org.concordia.infra.integration.feed.MongoEventFeed;
import org.concordia.infra.integration.kafka.KafkaEventPublisher;
import org.concordia.infra.integration.kafka.KafkaPublisherProperties;
import org.concordia.infra.integration.webhook.EventTypeCatalog;
import org.concordia.infra.integration.webhook.OutboundUrlPolicy;
import org.concordia.infra.integration.webhook.SecretCipher;
import org.concordia.infra.integration.webhook.SubscriptionAccess;
import org.concordia.infra.integration.webhook.WebhookDeliveryEngine;
import org.concordia.infra.integration.webhook.WebhookProperties;
import org.concordia.infra.integration.webhook.WebhookSignature;
import org.concordia.infra.integration.webhook.WebhookStore;
import org.concordia.infra.lease.Lease;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.concordia.infra.notification.MailTransport;
import org.concordia.infra.notification.NotificationPreferences;
import org.concordia.infra.notification.NotificationProjection;
import org.concordia.infra.notification.NotificationProperties;
import org.concordia.infra.notification.NotificationSender;
import org.concordia.infra.notification.Recipients;
import org.concordia.infra.notification.UnsubscribeLinks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The infrastructure's modules and their faces (see the module table in the README). Dependencies run one way,
 * event-store ← audit-chain, integrations, notifications ← app; each library module is used only through the types listed as its
 * face here, and every other type of it stays package-private. Maven keeps modules from cycles; these rules keep
 * packages from them, and fail the build on a back-edge.
 */
class InfraArchitectureTest {

    private static final String[] EVENT_STORE = {"org.concordia.infra.eventstore..", "org.concordia.infra.deadline..",
                                                 "org.concordia.infra.mongo..", "org.concordia.infra.lease.."};
    private static final String[] AUDIT_CHAIN = {"org.concordia.infra.audit.."};
    private static final String[] INTEGRATIONS = {"org.concordia.infra.integration.."};
    private static final String[] NOTIFICATIONS = {"org.concordia.infra.notification.."};
    private static final String[] APP = {"org.concordia.infra", "org.concordia.infra.account..",
                                         "org.concordia.infra.mail..",
                                         "org.concordia.infra.api..", "org.concordia.infra.config..",
                                         "org.concordia.infra.demo..", "org.concordia.infra.membership..",
                                         "org.concordia.infra.ops..", "org.concordia.infra.records..",
                                         "org.concordia.infra.security..", "org.concordia.infra.upcasting..",
                                         "org.concordia.infra.web..", "org.concordia.infra.workspace.."};

    private static final Class<?>[] EVENT_STORE_FACE = {MongoEventStorageEngine.class, CommitLog.class,
            StorageSerializers.class, SparseClaimExtensions.class, MongoDeadlineManager.class, EmbeddedMongoServer.class,
            Lease.class};
    private static final Class<?>[] AUDIT_CHAIN_FACE = {AuditChain.class, AuditRecords.class, AuditService.class,
            AuditProperties.class, SigningKeys.class};
    private static final Class<?>[] INTEGRATIONS_FACE = {EventFeed.class, FeedEntry.class, MongoEventFeed.class,
            FeedProjection.class, CloudEventMapper.class, KafkaEventPublisher.class, KafkaPublisherProperties.class,
            WebhookStore.class, WebhookDeliveryEngine.class, WebhookProperties.class, WebhookSignature.class,
            OutboundUrlPolicy.class, SecretCipher.class, EventTypeCatalog.class, SubscriptionAccess.class,
            // a port: which entries a reader may see (restricted issues), decided by the application
            FeedVisibility.class};
    private static final Class<?>[] NOTIFICATIONS_FACE = {NotificationProjection.class, NotificationSender.class,
            NotificationPreferences.class, NotificationProperties.class, UnsubscribeLinks.class,
            // ports: the SMTP client and who may be told what, supplied by the application
            MailTransport.class, Recipients.class};

    private static JavaClasses infra;

    @BeforeAll
    static void importInfra() {
        // main classes of every infra module; test classes, also those of test-jars, are left out
        infra = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("org.concordia.infra");
    }

    @Test
    void modulesDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("event-store").definedBy(EVENT_STORE)
                .layer("audit-chain").definedBy(AUDIT_CHAIN)
                .layer("integrations").definedBy(INTEGRATIONS)
                .layer("notifications").definedBy(NOTIFICATIONS)
                .layer("app").definedBy(APP)
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("audit-chain").mayOnlyBeAccessedByLayers("app")
                .whereLayer("integrations").mayOnlyBeAccessedByLayers("app")
                .whereLayer("notifications").mayOnlyBeAccessedByLayers("app")
                .whereLayer("event-store").mayOnlyBeAccessedByLayers("audit-chain", "integrations", "notifications",
                                                                     "app")
                .check(infra);
    }

    @Test
    void noCycleBetweenTheTopLevelPackages() {
        slices().matching("org.concordia.infra.(*)..").should().beFreeOfCycles().check(infra);
    }

    @Test
    void noCycleBetweenAnyPackages() {
        slices().matching("org.concordia.infra.(**)").should().beFreeOfCycles().check(infra);
    }

    @Test
    void everyModuleIsUsedThroughItsFaceOnly() {
        usedOnlyThrough(EVENT_STORE, EVENT_STORE_FACE);
        usedOnlyThrough(AUDIT_CHAIN, AUDIT_CHAIN_FACE);
        usedOnlyThrough(INTEGRATIONS, INTEGRATIONS_FACE);
        usedOnlyThrough(NOTIFICATIONS, NOTIFICATIONS_FACE);
    }

    private static void usedOnlyThrough(String[] module, Class<?>[] face) {
        noClasses().that().resideOutsideOfPackages(module)
                   .should().dependOnClassesThat(resideInAnyPackage(module).and(not(belongToAnyOf(face))))
                   .as("classes outside " + List.of(module) + " use it only through " + names(face))
                   .check(infra);
        classes().that().resideInAnyPackage(module).and().areTopLevelClasses().and(not(belongToAnyOf(face)))
                 .should().notBePublic()
                 .as("the public types of " + List.of(module) + " are its face " + names(face)
                     + "; everything else is package-private")
                 .check(infra);
    }

    @Test
    void onlyTheEventStoreKnowsTheCommitDocumentLayout() {
        noClasses().that().resideOutsideOfPackage("org.concordia.infra.eventstore..")
                   .should().dependOnClassesThat().haveFullyQualifiedName("org.concordia.infra.eventstore.CommitDocument")
                   .check(infra);
    }

    @Test
    void controllersDoNotTalkToMongoDb() {
        noClasses().that().areAnnotatedWith(RestController.class).or().areAnnotatedWith(Controller.class)
                   .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..")
                   .check(infra);
    }

    @Test
    void springStaysOutOfTheEventStore() {
        noClasses().that().resideInAnyPackage(EVENT_STORE)
                   .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                   .check(infra);
    }

    @Test
    void theOtherLibraryModulesUseSpringForTheirSettingsAnnotationsOnly() {
        noClasses().that().resideInAnyPackage(concat(concat(AUDIT_CHAIN, INTEGRATIONS), NOTIFICATIONS))
                   .should().dependOnClassesThat(resideInAPackageOfSpring())
                   .check(infra);
    }

    private static DescribedPredicate<JavaClass> resideInAPackageOfSpring() {
        // IpAddressMatcher: the webhooks' outbound URL policy matches CIDR blocks with it, a plain value class
        return resideInAnyPackage("org.springframework..")
                .and(not(resideInAnyPackage("org.springframework.boot.context.properties..")))
                .and(not(belongToAnyOf(IpAddressMatcher.class)))
                .as("Spring beyond org.springframework.boot.context.properties and IpAddressMatcher");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static List<String> names(Class<?>[] face) {
        return java.util.Arrays.stream(face).map(Class::getSimpleName).toList();
    }
}
