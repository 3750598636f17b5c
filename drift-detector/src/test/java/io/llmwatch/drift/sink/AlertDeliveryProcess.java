package io.llmwatch.drift.sink;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.config.WebhookConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link AlertDelivery} alone in a JVM, for tests that kill it: {@code bootstrap url}. It prints
 * {@value #READY} once started and runs until killed.
 */
public final class AlertDeliveryProcess {

    static final String READY = "alert-delivery-started";
    /** A dead member leaves its group after this, not the default 45 s, so the next process takes over soon. */
    static final Map<String, Object> FAST_FAILOVER = Map.of("session.timeout.ms", 6_000, "heartbeat.interval.ms", 1_000);

    private AlertDeliveryProcess() {
    }

    static WebhookConfig webhook(String url) {
        return new WebhookConfig(url, null, WebhookConfig.Format.GENERIC, null, null, 100, Duration.ofMillis(20),
                Duration.ofSeconds(10), 50, Map.of());
    }

    static AlertDelivery start(String bootstrap, AlertSinks sinks, String url) {
        return new AlertDelivery(KafkaClientSettings.of(bootstrap), sinks, List.of(webhook(url)), GroupMember.DYNAMIC, FAST_FAILOVER).start();
    }

    public static void main(String[] args) throws InterruptedException {
        AlertSinks sinks = AlertSinks.webhooks(Map.of("crash-test", webhook(args[1])), new SimpleMeterRegistry());
        start(args[0], sinks, args[1]);
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
