package io.llmwatch.app.bench;

import io.llmwatch.event.LlmCall;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.ValidationException;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The contract floor, a round of {@code llmwatch bench --floor}: the least work any scorer must do
 * per call to keep the contract of {@code llmwatch.scored} under exactly-once, built from the
 * production parts. It reads and checks each call with the production reader ({@link LlmCall#reader}),
 * drops a call_id it has seen (a persistent, changelogged store, one write per new call: a
 * deduplication that survives a crash cannot write less), prices the call from the catalog and
 * writes it, as a {@link ScoredCall} with the production serde, to a topic of its own.
 *
 * <p>Everything else the scorer does per call is left out: the scores, the rolling budgets, the
 * evaluations and their re-scoring, the statistics, the replay sampler, the dead letters, the expiry
 * of remembered call_ids. So its cost is a lower bound of the production scorer's, and a throughput
 * goal the floor misses, relative to the same baseline in the same run, no design of the scorer
 * that keeps the contract can meet.
 */
final class ContractFloor {

    /** The floor's output; exists only on the benchmark's own broker. */
    static final Topic<String, byte[]> SCORED =
            new Topic<>("llmwatch.bench.floor-scored", Serdes.String(), Serdes.ByteArray(), Map.of("cleanup.policy", "delete"));
    private static final String SEEN_STORE = "floor-seen";

    private ContractFloor() {
    }

    static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        // as the production calls store: persistent, changelogged, uncached (nearly every key is new)
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long())
                .withCachingDisabled());
        builder.stream(Topics.CALLS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("floor-calls"))
                .process(FloorProcessor::new, Named.as("floor-score"), SEEN_STORE)
                .to(SCORED.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("floor-scored"));
        return builder.build();
    }

    /** Check, deduplicate, price, write. */
    private static final class FloorProcessor implements Processor<String, byte[], String, byte[]> {

        private final EventReader<LlmCall> reader = LlmCall.reader(EventTimeWindow.DEFAULT);
        private final PriceCatalog prices = PriceCatalog.defaults();
        private final Serializer<ScoredCall> serializer = Topics.SCORED.valueSerde().serializer();
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, Long> seen;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.seen = context.getStateStore(SEEN_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            LlmCall call;
            try {
                call = reader.read(record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
            } catch (ValidationException e) {
                return;
            }
            if (seen.get(call.callId()) != null) {
                return;
            }
            seen.put(call.callId(), context.currentSystemTimeMs());
            ScoredCall scored = ScoredCall.of(call, prices.cost(call), Scores.none());
            context.forward(new Record<>(call.callId(), serializer.serialize(Topics.SCORED.name(), scored), record.timestamp()));
        }
    }
}
