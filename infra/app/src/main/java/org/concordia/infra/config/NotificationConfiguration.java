package org.concordia.infra.config;

import com.mongodb.client.MongoDatabase;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.concordia.infra.notification.NotificationPreferences;
import org.concordia.infra.notification.NotificationProjection;
import org.concordia.infra.notification.NotificationProperties;
import org.concordia.infra.notification.NotificationSender;
import org.concordia.infra.notification.Recipients;
import org.concordia.infra.notification.UnsubscribeLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Email notifications: the projection that derives notices into the outbox, on a tracking processor of its own with
 * one segment; the preferences and unsubscribe links; the sender, over SMTP when {@code concordia.mail.host} is set
 * (else it sends nothing but still scans and prunes). A bean {@code notificationClock} (tests) replaces the clock.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

    private static Clock clockOf(ObjectProvider<Clock> clock) {
        return clock.getIfAvailable(Clock::systemUTC);
    }

    @Bean
    NotificationPreferences notificationPreferences(MongoDatabase database) {
        return new NotificationPreferences(database);
    }

    @Bean
    UnsubscribeLinks unsubscribeLinks(MongoDatabase database, NotificationProperties mail) {
        return new UnsubscribeLinks(database, mail.baseUrl());
    }

    @Bean
    ConfigurerModule notificationProcessor(MongoDatabase database,
                                           MongoConfiguration.RedeliverableWrites redeliverable,
                                           NotificationPreferences preferences, NotificationProperties mail,
                                           @Qualifier("notificationClock") ObjectProvider<Clock> clock) {
        NotificationProjection projection = new NotificationProjection(database, redeliverable.database(), preferences,
                                                                       mail, clockOf(clock));
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(
                        NotificationProjection.GROUP, Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                                .andInitialSegmentsCount(1)
                                                                .andBatchSize(50))
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(NotificationProjection.GROUP, NotificationProjection.class::isInstance));
    }

    @Bean(destroyMethod = "close")
    NotificationSender notificationSender(MongoDatabase database, NotificationPreferences preferences,
                                          UnsubscribeLinks links, Recipients recipients, NotificationProperties mail,
                                          @Qualifier("notificationClock") ObjectProvider<Clock> clock) {
        NotificationSender sender = new NotificationSender(database, preferences, links, recipients,
                                                           mail.sends() ? new SmtpMailTransport(mail) : null, mail,
                                                           clockOf(clock));
        if (mail.sends()) {
            log.info("Email notifications are sent through {}:{}", mail.host(), mail.port());
        } else {
            log.info("Email notifications are off: concordia.mail.host is not set (notices are kept for previews "
                     + "for {} and then dropped)", mail.retention());
        }
        sender.start();
        return sender;
    }
}
