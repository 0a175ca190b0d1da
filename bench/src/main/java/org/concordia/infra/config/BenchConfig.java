package org.concordia.infra.config;

import org.axonframework.serialization.Serializer;

/** Benchmark-only access to the application's stored-format serializer (same package, bench module). */
public final class BenchConfig {

    private BenchConfig() {
    }

    /** The serializer the application stores events with. */
    public static Serializer eventSerializer() {
        return AxonConfiguration.jacksonSerializer();
    }
}
