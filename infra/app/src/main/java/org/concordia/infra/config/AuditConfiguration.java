package org.concordia.infra.config;

import com.mongodb.client.MongoDatabase;
import org.concordia.infra.audit.AuditChain;
import org.concordia.infra.audit.AuditProperties;
import org.concordia.infra.audit.AuditService;
import org.concordia.infra.audit.SigningKeys;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.lease.Lease;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Clock;

/** The hash chain writer, its signing key, and the audit service, started once the application is ready. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    SigningKeys auditSigningKeys(AuditProperties audit, ConcordiaProperties properties) {
        return SigningKeys.load(audit.signingKey(), properties.dataDir());
    }

    @Bean(destroyMethod = "close")
    AuditChain auditChain(MongoDatabase database, CommitLog commits, SigningKeys keys, AuditProperties audit) {
        return new AuditChain(database, commits, keys, audit, Clock.systemUTC(),
                              Lease.newHolder());
    }

    @Bean
    AuditService auditService(AuditChain chain, SigningKeys keys) {
        return new AuditService(chain, keys, Clock.systemUTC());
    }

    @EventListener(ApplicationReadyEvent.class)
    void startChain(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(AuditChain.class).start();
    }
}
