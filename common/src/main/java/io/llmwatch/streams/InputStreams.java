package io.llmwatch.streams;

import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.Validated;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Reads a topic that is fed from outside llmwatch without trusting it: values arrive as bytes and
 * are validated one by one; a bad record goes to {@link Topics#DLQ} with a reason naming the field,
 * and the topology goes on.
 */
public final class InputStreams {

    private InputStreams() {
    }

    /**
     * @param reader     a {@link EventReader#timed timed} reader: the record's own event time
     *                   becomes the Kafka Streams timestamp, so windows follow when the call
     *                   happened, not when it was published; one outside the reader's window is
     *                   a dead letter
     * @param component  written into dead letters, e.g. {@code scorer}
     * @return the valid records
     */
    public static <T extends Validated> KStream<String, T> validated(StreamsBuilder builder, Topic<String, T> topic,
            EventReader<T> reader, String component) {
        String name = topic.name() + "-";
        KStream<String, Parsed<T>> parsed = builder
                .stream(topic.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name + "source"))
                .process(() -> new ParseProcessor<>(reader, component), Named.as(name + "validate"));
        Map<String, KStream<String, Parsed<T>>> branches = parsed.split(Named.as(name))
                .branch((key, value) -> value.valid(), Branched.as("valid"))
                .defaultBranch(Branched.as("invalid"));
        branches.get(name + "invalid")
                .mapValues(Parsed::deadLetter, Named.as(name + "dead-letter"))
                .to(Topics.DLQ.name(), TopicStreams.produced(Topics.DLQ).withName(name + "dlq-sink"));
        return branches.get(name + "valid").mapValues(Parsed::value, Named.as(name + "unwrap"));
    }
}
