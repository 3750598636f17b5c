package io.llmwatch.sdk;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Publishes {@link SdkMetrics} as Micrometer meters. Kept apart from {@link LlmWatch} so that
 * Micrometer, an optional dependency, is loaded only when a registry is given.
 */
final class MicrometerMetrics {

    private MicrometerMetrics() {
    }

    static void bind(MeterRegistry registry, SdkMetrics metrics) {
        counter(registry, "llmwatch.sdk.recorded", "calls accepted by record()", metrics, SdkMetrics::recorded);
        counter(registry, "llmwatch.sdk.invalid", "calls rejected by record() as invalid", metrics, SdkMetrics::invalid);
        counter(registry, "llmwatch.sdk.sent", "records acknowledged by Kafka", metrics, SdkMetrics::sent);
        counter(registry, "llmwatch.sdk.spooled", "calls written to the disk spool", metrics, SdkMetrics::spooled);
        counter(registry, "llmwatch.sdk.dropped", "calls lost (spool full, rejected by Kafka, or recorded after close)",
                metrics, SdkMetrics::dropped);
        counter(registry, "llmwatch.sdk.spool.corrupt", "torn or corrupt spool records skipped", metrics,
                SdkMetrics::spoolCorrupt);
        Gauge.builder("llmwatch.sdk.queue.depth", metrics, SdkMetrics::queueDepth)
                .description("calls waiting in the in-memory queue")
                .register(registry);
        Gauge.builder("llmwatch.sdk.spool.bytes", metrics, SdkMetrics::spoolBytes)
                .description("bytes on disk in the spool")
                .baseUnit("bytes")
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, SdkMetrics metrics,
                                ToDoubleFunction<SdkMetrics> value) {
        FunctionCounter.builder(name, metrics, value)
                .description(description)
                .register(registry);
    }
}
