package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The contract floor does the contract's work, all of it, once per call: else it would bound nothing. */
class ContractFloorTest {

    @Test
    void each_valid_call_is_written_once_as_scored_and_remembered_in_a_changelogged_store() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        try (TopologyTestDriver driver = new TopologyTestDriver(ContractFloor.build(), props)) {
            TestInputTopic<String, byte[]> calls = driver.createInputTopic(Topics.CALLS.name(),
                    new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> scored = driver.createOutputTopic(ContractFloor.SCORED.name(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            // Given 50 of the bench's calls, each sent twice, and records that are not calls
            BenchCalls generator = new BenchCalls(3, Instant.now().minusSeconds(600), 60_000);
            List<LlmCall> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sent.add(generator.call(i, 50));
            }
            for (LlmCall call : sent) {
                calls.pipeInput(call.callId(), Json.mapper().writeValueAsBytes(call));
                calls.pipeInput("junk", "not json".getBytes(StandardCharsets.UTF_8));
            }
            for (LlmCall call : sent) {
                calls.pipeInput(call.callId(), Json.mapper().writeValueAsBytes(call));
            }
            calls.pipeInput("year-1", Json.mapper().writeValueAsBytes(sent.get(0).toBuilder()
                    .callId("year-1").timestamp(Instant.parse("0001-01-01T00:00:00Z")).build()));

            // Then each call was written once, as the scorer's contract writes it, priced from the catalog
            List<KeyValue<String, byte[]>> out = scored.readKeyValuesToList();
            assertThat(out).hasSize(sent.size());
            PriceCatalog catalog = PriceCatalog.defaults();
            for (int i = 0; i < sent.size(); i++) {
                LlmCall call = sent.get(i);
                assertThat(out.get(i).key).isEqualTo(call.callId());
                ScoredCall read = Topics.SCORED.valueSerde().deserializer().deserialize(Topics.SCORED.name(), out.get(i).value);
                assertThat(read).isEqualTo(ScoredCall.of(call, catalog.cost(call), Scores.none()));
            }
            // And remembered in its store's changelog, once per call: the write a crash-proof dedup cannot skip
            TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic("floor-test-floor-seen-changelog",
                    new StringDeserializer(), new ByteArrayDeserializer());
            assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key)
                    .containsExactlyElementsOf(sent.stream().map(LlmCall::callId).toList());
        }
    }
}
