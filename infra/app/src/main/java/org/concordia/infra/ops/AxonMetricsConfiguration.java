package org.concordia.infra.ops;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message monitors on the application's meter registry (the one {@code /actuator/prometheus} serves).
 * Axon's own auto-configuration is excluded: it could create a registry of its own before Spring Boot's exists,
 * and then its meters never reached Prometheus.
 */
@Configuration(proxyBeanMethods = false)
class AxonMetricsConfiguration {

    @Bean
    MetricsConfigurerModule axonMetrics(MeterRegistry registry) {
        return new MetricsConfigurerModule(new GlobalMetricRegistry(registry), true);
    }
}
