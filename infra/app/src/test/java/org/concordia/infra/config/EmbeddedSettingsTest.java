package org.concordia.infra.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedSettingsTest {

    private static ConcordiaProperties.Embedded bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("concordia.embedded", ConcordiaProperties.Embedded.class);
    }

    @Test
    void defaultsReuseSpaceAfterHalfASecondAndFsyncFourTimesASecond() {
        ConcordiaProperties.Embedded defaults = bind(Map.of());

        assertThat(defaults.retention()).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.flushInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aRetentionShorterThanTwoFlushIntervalsIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("concordia.embedded.retention", "400ms")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("concordia.embedded.retention (PT0.4S)")
                .hasMessageContaining("twice concordia.embedded.flush-interval (PT0.25S)");
        assertThatThrownBy(() -> bind(Map.of("concordia.embedded.flush-interval", "2s")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void aLongerRetentionWithItsFlushIntervalIsAccepted() {
        ConcordiaProperties.Embedded settings = bind(Map.of(
                "concordia.embedded.retention", "2s", "concordia.embedded.flush-interval", "1s"));

        assertThat(settings.retention()).isEqualTo(Duration.ofSeconds(2));
    }
}
