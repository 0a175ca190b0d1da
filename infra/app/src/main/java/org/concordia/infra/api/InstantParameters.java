package org.concordia.infra.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.format.datetime.standard.InstantFormatter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.text.ParseException;
import java.time.Instant;
import java.util.Locale;

/**
 * Instants in query parameters ({@code asOf}, {@code from}, {@code to}) are read as Spring reads them (ISO-8601,
 * RFC 1123 or epoch milliseconds) and must fall in the years 0000 to 9999 (what RFC 3339 can write): the ends of
 * {@link Instant}'s range overflow the date arithmetic of the reports. Outside it: a 400 naming the parameter.
 */
@Configuration(proxyBeanMethods = false)
class InstantParameters implements WebMvcConfigurer {

    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addFormatterForFieldType(Instant.class, new BoundedInstantFormatter());
    }

    static final class BoundedInstantFormatter implements Formatter<Instant> {
        private final InstantFormatter spring = new InstantFormatter();

        @Override
        public Instant parse(String text, Locale locale) throws ParseException {
            Instant instant;
            try {
                instant = spring.parse(text, locale);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(RULE, e);
            }
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                throw new IllegalArgumentException(RULE);
            }
            return instant;
        }

        @Override
        public String print(Instant instant, Locale locale) {
            return spring.print(instant, locale);
        }
    }

    static final String RULE = "must be an instant in the years 0000 to 9999, such as 2026-03-01T09:30:00Z";
}
