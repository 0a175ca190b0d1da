package org.concordia.infra.config;

import com.mongodb.client.MongoDatabase;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.kafka.KafkaEventPublisher;
import org.concordia.infra.integration.kafka.KafkaPublisherProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The Kafka publisher, only when {@code concordia.kafka.bootstrap-servers} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("concordia.kafka.bootstrap-servers")
@EnableConfigurationProperties(KafkaPublisherProperties.class)
class KafkaConfiguration {

    @Bean(destroyMethod = "close")
    KafkaEventPublisher kafkaEventPublisher(ObjectProvider<EventFeed> feed, MongoDatabase database,
                                            KafkaPublisherProperties properties, MeterRegistry meters) {
        Map<String, Object> config = producerConfig(properties);
        KafkaEventPublisher publisher = new KafkaEventPublisher(
                feed::getIfAvailable, database, () -> new KafkaProducer<String, CloudEvent>(config), properties,
                Clock.systemUTC(), meters);
        publisher.start();
        return publisher;
    }

    static Map<String, Object> producerConfig(KafkaPublisherProperties properties) {
        Map<String, Object> config = new HashMap<>();
        if (properties.producer() != null) {
            config.putAll(properties.producer());
        }
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "concordia-publisher");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
        // At-least-once without reordering or duplicates from producer retries.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        Encoding encoding = Encoding.valueOf(properties.encoding().toUpperCase(Locale.ROOT));
        config.put(CloudEventSerializer.ENCODING_CONFIG, encoding);
        if (encoding == Encoding.STRUCTURED) {
            config.put(CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE);
        }
        return config;
    }
}
