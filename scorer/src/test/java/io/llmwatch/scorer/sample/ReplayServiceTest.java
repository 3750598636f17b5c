package io.llmwatch.scorer.sample;

import io.llmwatch.config.KafkaClientSettings;
import static io.llmwatch.scorer.sample.Replays.CATALOG;
import static io.llmwatch.scorer.sample.Replays.MINI;
import static io.llmwatch.scorer.sample.Replays.NANO;
import static io.llmwatch.scorer.sample.Replays.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.kafka.TopicReader;
import io.llmwatch.scorer.ScorerService;
import io.llmwatch.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler in a scorer running for real on three partitions: live requests, replay results read
 * back, a campaign from llmwatch.control run once by the stream task that holds the task's calls,
 * and a bad campaign reported once.
 */
class ReplayServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.builder().partitions(3).start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void live_sampling_and_a_campaign_on_a_running_scorer() throws Exception {
        try (ScorerService scorer = new ScorerService(KafkaClientSettings.of(kafka.bootstrapServers()), task().candidates(NANO).config(), CATALOG, stateDir);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer());
             TopicReader<ReplayRequest> requests = new TopicReader<>(kafka.bootstrapServers(), Topics.REPLAY_REQUESTS);
             TopicReader<DeadLetter> dlq = new TopicReader<>(kafka.bootstrapServers(), Topics.DLQ)) {
            scorer.start();
            assertThat(scorer.awaitRunning(PATIENCE)).isTrue();

            // Given four calls sampled live against nano (at times near now, which the broker accepts), and
            // the results of two of their replays
            for (int i = 0; i < 4; i++) {
                LlmCall call = Replays.fixture("call-" + i, Instant.now()).build();
                producer.send(new ProducerRecord<>(Topics.CALLS.name(), call.callId(),
                        Topics.CALLS.valueSerde().serializer().serialize(Topics.CALLS.name(), call))).get();
            }
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(requests.poll()).hasSize(4));
            assertThat(requests.values()).allSatisfy(request -> assertThat(request.targets()).containsExactly(NANO));
            for (ReplayRequest request : requests.values().subList(0, 2)) {
                producer.send(new ProducerRecord<>(Topics.REPLAY_RESULTS.name(), request.callId(),
                        Topics.REPLAY_RESULTS.valueSerde().serializer().serialize(Topics.REPLAY_RESULTS.name(),
                                Replays.result(request, NANO, Replays.NANO_CALL)))).get();
            }

            // When a campaign asks for three of them against mini
            control(producer, "campaign/e2e", "{\"app\": \"shop\", \"task_type\": \"summarize\", "
                    + "\"candidates\": [\"" + MINI + "\"], \"n\": 3}");

            // Then three of the stored calls are replayed against mini under its id
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(campaignRequests(requests.poll())).hasSize(3));
            List<ReplayRequest> campaign = campaignRequests(requests.values());
            assertThat(campaign).allSatisfy(request -> assertThat(request.targets()).containsExactly(MINI));
            Set<String> live = requests.values().stream().filter(r -> r.campaignId() == null)
                    .map(ReplayRequest::callId).collect(Collectors.toSet());
            assertThat(campaign).extracting(ReplayRequest::callId).doesNotHaveDuplicates().allMatch(live::contains);

            // When a bad campaign follows
            control(producer, "campaign/bad", "{\"app\": \"shop\", \"task_type\": \"summarize\", \"n\": 0}");

            // Then one of the three stream tasks reports it, once, and the good one has not run twice
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(dlq.poll()).isNotEmpty());
            assertThat(dlq.readToEnd(PATIENCE)).singleElement()
                    .satisfies(letter -> assertThat(letter.reason()).contains("n must be >= 1"));
            assertThat(campaignRequests(requests.readToEnd(PATIENCE))).hasSize(3);
        }
    }

    private static List<ReplayRequest> campaignRequests(List<ReplayRequest> all) {
        return all.stream().filter(request -> Objects.equals(request.campaignId(), "e2e")).toList();
    }

    private static void control(KafkaProducer<String, byte[]> producer, String key, String json) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CONTROL.name(), key, json.getBytes(StandardCharsets.UTF_8))).get();
    }
}
