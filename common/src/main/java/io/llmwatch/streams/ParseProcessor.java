package io.llmwatch.streams;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.Validated;
import io.llmwatch.validate.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates raw input records; forwards valid ones stamped with their event time, and bad ones as
 * dead letters that name the source partition and offset. The event time is checked against the
 * task's wall clock with the reader's {@link io.llmwatch.validate.EventTimeWindow}, so nothing
 * downstream stamps a record the broker refuses. Whatever else fails while reading a record (a bug,
 * a value Jackson cannot bind) is a dead letter too, and so is a record read again because the
 * broker refused its output ({@link PoisonRecords}): one record never stops the topology.
 */
final class ParseProcessor<T extends Validated> implements Processor<String, byte[], String, Parsed<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(ParseProcessor.class);

    private final EventReader<T> reader;
    private final String component;
    private ProcessorContext<String, Parsed<T>> context;
    private PoisonRecords poison;

    ParseProcessor(EventReader<T> reader, String component) {
        this.reader = reader;
        this.component = component;
    }

    @Override
    public void init(ProcessorContext<String, Parsed<T>> context) {
        this.context = context;
        this.poison = PoisonRecords.from(context.appConfigs());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        T value;
        long timestamp;
        try {
            value = reader.read(record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
            timestamp = reader.eventTime(value).toEpochMilli();
        } catch (ValidationException e) {
            reject(record, e.errors());
            return;
        } catch (RuntimeException e) {
            LOG.warn("could not read record {} of {}", record.key(), sourceTopic(), e);
            reject(record, List.of(new FieldError("$", "could not be read: " + e)));
            return;
        }
        // Read again after the broker refused what it produced (the transaction was aborted): a dead letter now.
        Optional<String> refused = poison.take(timestamp);
        if (refused.isPresent()) {
            reject(record, List.of(new FieldError("$", refused.get())));
            return;
        }
        // Outside the try: a failure downstream is the processing exception handler's (StreamsConfigs).
        context.forward(record.withValue(new Parsed<T>(value, null)).withTimestamp(timestamp));
    }

    private void reject(Record<String, byte[]> record, List<FieldError> errors) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        DeadLetter letter = DeadLetter.of(record.key(), record.value(), errors,
                meta == null ? null : meta.topic(), meta == null ? null : meta.partition(),
                meta == null ? null : meta.offset(), component, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        LOG.debug("rejected record {} of {}: {}", record.key(), letter.sourceTopic(), letter.reason());
        context.forward(record.withValue(new Parsed<T>(null, letter)));
    }

    private String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(null);
    }
}
