package io.llmwatch.streams;

import io.llmwatch.event.DeadLetter;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of defence of every llmwatch topology ({@code processing.exception.handler} and
 * {@code production.exception.handler}, see {@link StreamsConfigs}): a record whose processing
 * throws, or whose output the broker refuses (a timestamp too far ahead, a record too large), goes to
 * {@link Topics#DLQ} as it was read, with the exception as the reason, and the topology goes on.
 * Without it, the stream thread died on such a record, was replaced, read the same record again and
 * died again, forever, while offsets stood still.
 *
 * <ul>
 *   <li>A processing failure in a punctuation has no input record: it is logged and skipped.</li>
 *   <li>A processing or serialisation failure: the record is skipped and its dead letter written
 *       at once, by a producer of this handler's own (outside the task's transaction, which goes
 *       on). Should the DLQ itself be unreachable, the failure is logged and the record skipped all
 *       the same. Kafka Streams never closes its handlers; that producer's I/O thread is a daemon.</li>
 *   <li>A refused output: under exactly-once the task's transaction is aborted whatever a handler
 *       answers, and the task reads the record again. So the refused output is noted in
 *       {@link PoisonRecords}, and the parse step dead-letters its input, inside the transaction,
 *       when it comes round again: one retry, not an endless loop.</li>
 * </ul>
 */
public final class DeadLetterExceptionHandler implements ProcessingExceptionHandler, ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);
    private static final long SEND_TIMEOUT_MS = 10_000;
    private static final Set<String> OWN_SETTINGS = Set.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.CLIENT_ID_CONFIG, ProducerConfig.ACKS_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);

    private Map<String, Object> props;
    private String component;
    private PoisonRecords poison;
    /** Created on the first failure: most runs never need it, and a topology test has no broker. */
    private Producer<byte[], byte[]> producer;

    @Override
    public void configure(Map<String, ?> configs) {
        // The cluster's client settings (bootstrap, SASL, SSL, OAuth) as the application got them;
        // serializers, ids and delivery are this producer's own.
        Map<String, Object> props = new HashMap<>();
        configs.forEach((key, value) -> {
            if (value != null && ProducerConfig.configNames().contains(key) && !OWN_SETTINGS.contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_MS);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT_MS / 2);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, configs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-dead-letters");
        this.props = props;
        this.component = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
        this.poison = PoisonRecords.from(configs);
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (context.topic() == null) {
            // A punctuation (e.g. a forward failing on the producer error a refused output left behind):
            // there is no input record to dead-letter, and a letter without key or value helps nobody.
            LOG.warn("a punctuation in {} failed; it is skipped: {}", context.processorNodeId(), exception.toString());
            return ProcessingHandlerResponse.CONTINUE;
        }
        deadLetter(context, "processing in " + context.processorNodeId() + " failed", exception);
        return ProcessingHandlerResponse.CONTINUE;
    }

    /** Runs on the producer's I/O thread: it only notes the record, never waits. */
    @Override
    public ProductionExceptionHandlerResponse handle(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                                     Exception exception) {
        if (!atFault(exception) || record.timestamp() == null) {
            // A batch-mate of the refused record: it is simply produced again when the task retries.
            return ProductionExceptionHandlerResponse.CONTINUE;
        }
        String reason = "the broker refused its output to " + record.topic() + ": " + exception;
        LOG.warn("the input of event time {} is dead-lettered when it is read again: {}",
                Instant.ofEpochMilli(record.timestamp()), reason);
        poison.note(record.timestamp(), reason);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    /**
     * Whether the broker refused this record itself. It refuses a whole batch for one bad record:
     * the others fail with a plain {@link KafkaException} ("part of a batch which had one or more
     * invalid records") or, for timestamps, with the batch-wide message "One or more records have
     * been rejected", while the record at fault gets its own error.
     */
    private static boolean atFault(Exception exception) {
        if (exception.getClass() == KafkaException.class) {
            return false;
        }
        String message = exception.getMessage();
        return !(exception instanceof InvalidTimestampException && message != null
                && message.startsWith("One or more records have been rejected"));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandlerResponse handleSerializationException(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        deadLetter(context, "its output to " + record.topic() + " could not be serialised", exception);
        return ProductionExceptionHandlerResponse.CONTINUE;
    }

    private void deadLetter(ErrorHandlerContext context, String what, Exception exception) {
        String reason = what + ": " + exception;
        LOG.warn("record at {}-{}@{} goes to {}: {}", context.topic(), context.partition(), context.offset(),
                Topics.DLQ.name(), reason, exception);
        byte[] rawKey = context.sourceRawKey();
        String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of(key, context.sourceRawValue(), List.of(new FieldError("$", reason)),
                context.topic(), context.partition() < 0 ? null : context.partition(),
                context.offset() < 0 ? null : context.offset(), component, Instant.now());
        try {
            producer().send(new ProducerRecord<>(Topics.DLQ.name(), rawKey,
                    Topics.DLQ.valueSerde().serializer().serialize(Topics.DLQ.name(), letter)))
                    .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.error("could not write the dead letter of {}-{}@{}; the record is skipped", context.topic(),
                    context.partition(), context.offset(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
