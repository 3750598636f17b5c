package io.llmwatch.health;

import io.llmwatch.config.KafkaClientSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Readiness: the cluster answers a describe-cluster request with these client settings (so wrong
 * credentials show here too). The answer is kept for {@link #CACHE_FOR}, so that a probe every
 * second costs the broker one request every few seconds.
 */
public final class BrokerCheck implements HealthCheck, AutoCloseable {

    static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final Clock clock;
    private Health last;
    private Instant lastAt = Instant.MIN;

    public BrokerCheck(KafkaClientSettings kafka, Clock clock) {
        this.admin = Admin.create(kafka.clientConfig(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "llmwatch-health",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis())));
        this.clock = clock;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized Health check() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(lastAt.plus(CACHE_FOR))) {
            last = probe();
            lastAt = now;
        }
        return last;
    }

    private Health probe() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            return Health.up(Map.of("brokers", brokers));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(true, false, Map.of("error", "interrupted"));
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // Unreachable is not a reason to restart this process: it does not fix the cluster.
            return new Health(true, false, Map.of("error", cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
