package io.llmwatch.streams;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.Validated;
import io.llmwatch.validate.ValidationException;
import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates raw input records; forwards valid ones stamped with their event time, and bad ones as
 * dead letters that name the source partition and offset.
 */
final class ParseProcessor<T extends Validated> implements Processor<String, byte[], String, Parsed<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);

    private final EventReader<T> reader;
    private final Function<T, Instant> eventTime;
    private final String component;
    private ProcessorContext<String, Parsed<T>> context;

    ParseProcessor(EventReader<T> reader, Function<T, Instant> eventTime, String component) {
        this.reader = reader;
        this.eventTime = eventTime;
        this.component = component;
    }

    @Override
    public void init(ProcessorContext<String, Parsed<T>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            T value = reader.read(record.value());
            context.forward(record.withValue(new Parsed<T>(value, null))
                    .withTimestamp(eventTime.apply(value).toEpochMilli()));
        } catch (ValidationException e) {
            RecordMetadata meta = context.recordMetadata().orElse(null);
            DeadLetter letter = DeadLetter.of(record.key(), record.value(), e.errors(),
                    meta == null ? null : meta.topic(), meta == null ? null : meta.partition(),
                    meta == null ? null : meta.offset(), component, Instant.ofEpochMilli(context.currentSystemTimeMs()));
            LOG.debug("rejected record {} of {}: {}", record.key(), letter.sourceTopic(), letter.reason());
            context.forward(record.withValue(new Parsed<T>(null, letter)));
        }
    }
}
