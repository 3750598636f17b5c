package io.llmwatch.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The control lookup a processor uses for every record: it must see a change of {@code llmwatch.control}
 * at the first record after it, though it reads the store only when the store may have changed.
 */
class ControlLookupTest {

    private final Map<String, byte[]> store = new HashMap<>();
    private final AtomicInteger storeReads = new AtomicInteger();
    private final AtomicLong writes = new AtomicLong();
    private final ControlTable.CachedLookup lookup = new ControlTable.CachedLookup(key -> {
        storeReads.incrementAndGet();
        return store.get(key);
    }, writes::get);

    private void write(String key, String json) {
        if (json == null) {
            store.remove(key);
        } else {
            store.put(key, json.getBytes(StandardCharsets.UTF_8));
        }
        writes.incrementAndGet();
    }

    @Test
    void lookups_between_writes_read_the_store_once_per_key() {
        // Given a present key and an absent one
        write("price/a", "{\"input_per_mtok\": 1.0}");
        // When each is looked up many times with no write in between
        JsonNode first = lookup.apply("price/a");
        for (int i = 0; i < 500; i++) {
            assertThat(lookup.apply("price/a")).isSameAs(first);
            assertThat(lookup.apply("price/b")).isNull();
        }
        // Then the store was asked once for each
        assertThat(storeReads).hasValue(2);
        assertThat(first.get("input_per_mtok").asDouble()).isEqualTo(1.0);
    }

    @Test
    void a_counted_write_is_seen_at_the_next_lookup_and_an_unchanged_value_keeps_its_instance() {
        write("task/app/t", "{\"token_budget\": 100}");
        write("task/app/u", "{\"token_budget\": 7}");
        JsonNode before = lookup.apply("task/app/t");
        JsonNode other = lookup.apply("task/app/u");
        assertThat(lookup.apply("task/app/new")).isNull();

        // When one key changes, another appears, and a third stays
        write("task/app/t", "{\"token_budget\": 200}");
        write("task/app/new", "{\"token_budget\": 1}");

        // Then the next lookups see the change and the new key, and the unchanged value is the same instance
        assertThat(lookup.apply("task/app/t").get("token_budget").asInt()).isEqualTo(200);
        assertThat(lookup.apply("task/app/new").get("token_budget").asInt()).isEqualTo(1);
        assertThat(lookup.apply("task/app/u")).isSameAs(other);
        assertThat(before.get("token_budget").asInt()).isEqualTo(100);

        // And a tombstone is seen at once too
        write("task/app/t", null);
        assertThat(lookup.apply("task/app/t")).isNull();
    }

    @Test
    void a_write_that_went_around_the_counter_is_seen_within_the_revalidation_period() {
        write("price/a", "{\"input_per_mtok\": 1.0}");
        lookup.apply("price/a");
        // When the store changes without a counted write (as a restore of the global store would)
        store.put("price/a", "{\"input_per_mtok\": 9.0}".getBytes(StandardCharsets.UTF_8));
        // Then the change is seen within REVALIDATE_EVERY + 1 lookups, and not served stale forever
        int lookups = 0;
        while (lookup.apply("price/a").get("input_per_mtok").asDouble() != 9.0) {
            lookups++;
            assertThat(lookups).isLessThanOrEqualTo(ControlTable.CachedLookup.REVALIDATE_EVERY + 1);
        }
        assertThat(lookups).isPositive();
    }

    @Test
    void a_control_record_applies_to_the_very_next_record_of_a_topology() {
        // Given a topology whose processor looks a control key up for every record
        StreamsBuilder builder = new StreamsBuilder();
        ControlTable.addTo(builder);
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, String, String>() {
                    private ProcessorContext<String, String> context;
                    private Function<String, JsonNode> control;

                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        this.context = context;
                        this.control = ControlTable.lookup(context);
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        JsonNode value = control.apply(record.value());
                        context.forward(record.withValue(value == null ? "absent" : value.toString()));
                    }
                })
                .to("out", org.apache.kafka.streams.kstream.Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "control-lookup-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, byte[]> control = driver.createInputTopic(Topics.CONTROL.name(),
                    new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out",
                    Serdes.String().deserializer(), Serdes.String().deserializer());
            // When records alternate with control writes, updates and a tombstone
            in.pipeInput("k", "price/m");
            control.pipeInput("price/m", "{\"input_per_mtok\":1.0}".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k", "price/m");
            in.pipeInput("k", "price/m");
            control.pipeInput("price/m", "{\"input_per_mtok\":2.0}".getBytes(StandardCharsets.UTF_8));
            in.pipeInput("k", "price/m");
            control.pipeInput("price/m", (byte[]) null);
            in.pipeInput("k", "price/m");
            // Then each record saw the control value written before it
            assertThat(out.readValuesToList()).containsExactly("absent", "{\"input_per_mtok\":1.0}",
                    "{\"input_per_mtok\":1.0}", "{\"input_per_mtok\":2.0}", "absent");
        }
    }
}
