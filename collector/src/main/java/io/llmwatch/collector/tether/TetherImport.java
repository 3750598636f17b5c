package io.llmwatch.collector.tether;

import io.llmwatch.config.KafkaClientSettings;
import io.llmwatch.event.LlmCall;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Imports the {@code llm_call} steps of a Tether SQLite file into {@code llmwatch.calls} with an
 * idempotent producer ({@code acks=all}), keyed by the step's deterministic {@code call_id}
 * (see {@link TetherStepMapper}). Steps still in flight are left for a later import; invalid steps
 * are reported, not published. With a marker file, calls an earlier import delivered to the same
 * Kafka cluster are not sent again (see {@link ImportMarker}); without one they are, and
 * downstream deduplication by {@code call_id} drops them.
 */
public final class TetherImport {

    private static final int LINGER_MS = 5;

    /**
     * @param database         the Tether SQLite file
     * @param app              the app of every call, or null to take it from each run's metadata
     * @param taskType         the task type of every call, or null to take it from each run
     * @param kafka            the Kafka cluster and its client settings
     * @param marker           the marker file, or null to use none
     * @param timeout          how long to wait for Kafka (metadata, acknowledgements)
     */
    public record Options(Path database, String app, String taskType, KafkaClientSettings kafka, Path marker,
                          Duration timeout) {

        public Options {
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(kafka, "kafka");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** Where the marker of a Tether file is kept by default: beside it. */
    public static Path defaultMarker(Path database) {
        return database.resolveSibling(database.getFileName() + ".llmwatch-imported");
    }

    private TetherImport() {
    }

    /**
     * @throws IllegalArgumentException when the file is missing or not a Tether database
     * @throws TimeoutException         when Kafka does not answer within the timeout
     */
    public static ImportSummary run(Options options)
            throws SQLException, IOException, InterruptedException, ExecutionException, TimeoutException {
        TetherStepMapper mapper = new TetherStepMapper(options.app(), options.taskType());
        List<LlmCall> calls = new ArrayList<>();
        List<RejectedStep> rejected = new ArrayList<>();
        int llmSteps;
        int inFlight = 0;
        Map<String, Long> otherSteps;
        try (TetherDatabase database = TetherDatabase.open(options.database())) {
            List<TetherStep> steps = database.llmCalls();
            llmSteps = steps.size();
            otherSteps = database.otherSteps();
            for (TetherStep step : steps) {
                if (step.inFlight()) {
                    inFlight++;
                    continue;
                }
                try {
                    calls.add(mapper.map(step));
                } catch (ValidationException e) {
                    rejected.add(new RejectedStep(step.describe(), e.errors()));
                }
            }
        }
        ImportMarker marker = options.marker() == null ? null : ImportMarker.load(options.marker());
        String clusterId = clusterId(options);
        Set<String> delivered = marker == null ? Set.of() : marker.delivered(clusterId);
        List<LlmCall> fresh = calls.stream().filter(call -> !delivered.contains(call.callId())).toList();
        publish(options, fresh);
        if (marker != null) {
            marker.add(clusterId, fresh.stream().map(LlmCall::callId).toList());
        }
        return new ImportSummary(llmSteps, fresh.size(), calls.size() - fresh.size(), inFlight, otherSteps, rejected,
                clusterId, options.marker());
    }

    private static String clusterId(Options options) throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(options.kafka().clientConfig(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "llmwatch-import",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.timeout().toMillis())))) {
            return admin.describeCluster().clusterId().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new TimeoutException("Kafka at " + options.kafka().bootstrapServers() + " did not answer within " + options.timeout());
            }
            throw e;
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka at " + options.kafka().bootstrapServers() + " did not answer within " + options.timeout());
        }
    }

    private static void publish(Options options, List<LlmCall> calls)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (calls.isEmpty()) {
            return;
        }
        int timeoutMs = (int) options.timeout().toMillis();
        Serializer<String> keys = Topics.CALLS.keySerde().serializer();
        Serializer<LlmCall> values = Topics.CALLS.valueSerde().serializer();
        Instant now = Instant.now();
        try (Producer<String, LlmCall> producer = new KafkaProducer<>(options.kafka().clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "llmwatch-import",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, LINGER_MS,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + LINGER_MS)), keys, values)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(calls.size());
            for (LlmCall call : calls) {
                // Stamped with the import time, not the call's own: see Topics.
                acks.add(producer.send(new ProducerRecord<>(Topics.CALLS.name(), null, now.toEpochMilli(), call.callId(), call)));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
    }
}
