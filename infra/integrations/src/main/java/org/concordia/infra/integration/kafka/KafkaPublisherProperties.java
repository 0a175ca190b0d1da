package org.concordia.infra.integration.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * The Kafka publisher ({@code concordia.kafka.*}); off unless {@code bootstrap-servers} is set
 * (env {@code CONCORDIA_KAFKA_BOOTSTRAP_SERVERS}).
 *
 * @param bootstrapServers brokers, e.g. {@code kafka1:9092,kafka2:9092}
 * @param topic            where every feed entry is published
 * @param encoding         CloudEvents Kafka binding mode: {@code BINARY} (attributes as {@code ce_*} headers, data as
 *                         the value) or {@code STRUCTURED} (the whole CloudEvent JSON as the value)
 * @param batch            feed entries per publishing round
 * @param pollInterval     how often the feed is checked for new entries
 * @param leaseDuration    how long a node stays the publisher without renewing (fail-over time)
 * @param producer         further Kafka producer settings (security, compression, …); cannot weaken
 *                         {@code acks=all} or idempotence
 */
@ConfigurationProperties("concordia.kafka")
public record KafkaPublisherProperties(String bootstrapServers,
                                       @DefaultValue("concordia.events") String topic,
                                       @DefaultValue("BINARY") String encoding,
                                       @DefaultValue("500") int batch,
                                       @DefaultValue("1s") Duration pollInterval,
                                       @DefaultValue("30s") Duration leaseDuration,
                                       Map<String, String> producer) {
}
