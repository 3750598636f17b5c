package io.llmwatch.collector.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.llmwatch.redact.Redactor;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.Validated;
import io.llmwatch.validate.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest endpoint: the body is one JSON object or a JSON array of them, and each item is
 * validated on its own. Valid items go to the endpoint's topic, keyed by {@code call_id}; invalid
 * ones go to {@link Topics#DLQ} as the client sent them, with the reason.
 *
 * <p>The answer comes only after Kafka acknowledged every record of the request: 202 when all items
 * were accepted, 400 when any was rejected (with each rejected item's index and field errors). The
 * valid items of a mixed batch <em>are</em> published; retrying the whole batch after fixing the
 * rejected items is safe, because {@code call_id} is the idempotency key downstream. When Kafka does
 * not acknowledge in time the request fails with a {@link PublishException} (answered 503), and
 * retrying the whole batch is safe for the same reason.
 *
 * <p>One request costs a bounded amount: at most {@link RequestLimits#maxItems()} items (413
 * beyond, before anything is published), and at most {@link RequestLimits#maxDeadLetters()} dead
 * letters, the further rejected items being summarised in one more.
 *
 * <p>Nothing leaves unredacted: valid items pass through the endpoint's redaction, and a rejected
 * item's bytes are masked as text (with its app's patterns when it names one) before they go to the
 * dead-letter topic.
 */
final class IngestEndpoint<T extends Validated> implements Handler {

    private static final Logger log = LoggerFactory.getLogger(IngestEndpoint.class);
    private static final String COMPONENT = "collector";

    private final String source;
    private final EventReader<T> reader;
    private final Topic<String, T> topic;
    private final Function<T, String> keyOf;
    private final KafkaPublisher publisher;
    private final long maxBodyBytes;
    private final RequestLimits limits;
    private final Clock clock;
    private final UnaryOperator<T> redact;
    private final Redactor redactor;
    private final Counter acceptedItems;
    private final Counter rejectedItems;

    IngestEndpoint(String path, EventReader<T> reader, Topic<String, T> topic, Function<T, String> keyOf,
                   KafkaPublisher publisher, CollectorOptions options, Clock clock, MeterRegistry registry,
                   UnaryOperator<T> redact, Redactor redactor) {
        this.source = "http:POST " + path;
        this.reader = reader;
        this.topic = topic;
        this.keyOf = keyOf;
        this.publisher = publisher;
        this.maxBodyBytes = options.maxBodyBytes();
        this.limits = options.limits();
        this.clock = clock;
        this.redact = redact;
        this.redactor = redactor;
        this.acceptedItems = itemCounter(registry, path, "accepted");
        this.rejectedItems = itemCounter(registry, path, "rejected");
    }

    private static Counter itemCounter(MeterRegistry registry, String path, String outcome) {
        return Counter.builder("llmwatch.collector.events")
                .description("Items received by the ingest endpoints, by outcome")
                .tag("endpoint", path)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        byte[] body = BoundedBody.read(ctx, maxBodyBytes);
        Instant now = clock.instant();
        Outcome outcome = new Outcome(now);
        List<JsonBatch.Item> items;
        try {
            items = JsonBatch.parse(body, limits.maxItems());
        } catch (ValidationException e) {
            outcome.reject(null, null, redactRaw(null, body), e.errors());
            items = List.of();
        }
        if (items.isEmpty() && outcome.rejections.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(new IngestResponse(0, List.of(new IngestResponse.Rejection(null, null,
                    List.of(new FieldError("$", "is empty; send one JSON object or a non-empty JSON array of them"))))));
            return;
        }
        for (int index = 0; index < items.size(); index++) {
            JsonBatch.Item item = items.get(index);
            try {
                outcome.accept(reader.read(item.node(), now));
            } catch (ValidationException e) {
                outcome.reject(index, callIdOf(item.node()), redactRaw(item.node(), item.raw()), e.errors());
            }
        }
        outcome.summariseUnlettered();
        publisher.sendAll(outcome.records);
        acceptedItems.increment(outcome.accepted);
        rejectedItems.increment(outcome.rejections.size());
        ctx.status(outcome.rejections.isEmpty() ? HttpStatus.ACCEPTED : HttpStatus.BAD_REQUEST)
                .json(new IngestResponse(outcome.accepted, outcome.rejections));
    }

    /** The records to publish and the answer to give, built item by item. */
    private final class Outcome {

        private final Instant now;
        private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        private final List<IngestResponse.Rejection> rejections = new ArrayList<>();
        private final DeadLetterCap letters = new DeadLetterCap(limits, "items of this request",
                ", the answer names them all");
        private int accepted;

        private Outcome(Instant now) {
            this.now = now;
        }

        void accept(T read) {
            T value = redact.apply(read);
            // Stamped with the ingest time, not the event's own timestamp: see Topics.
            records.add(publisher.record(topic, keyOf.apply(value), value, now));
            accepted++;
        }

        void reject(Integer index, String callId, byte[] raw, List<FieldError> errors) {
            rejections.add(new IngestResponse.Rejection(index, callId, errors));
            if (!letters.admit()) {
                return;
            }
            DeadLetter letter = DeadLetter.of(callId, raw, errors, source, null, null, COMPONENT, now);
            records.add(publisher.record(Topics.DLQ, callId, letter, now));
            if (log.isDebugEnabled()) {
                log.debug("{} rejected {} (call_id {}): {}", source, index == null ? "the body" : "item " + index,
                        oneLine(callId), oneLine(letter.reason()));
            }
        }

        /** One dead letter for the rejected items beyond the limit: their count, not their bytes. */
        void summariseUnlettered() {
            letters.summary().ifPresent(reason -> records.add(publisher.record(Topics.DLQ, null,
                    DeadLetter.of(null, null, List.of(reason), source, null, null, COMPONENT, now), now)));
        }
    }

    private byte[] redactRaw(JsonNode node, byte[] raw) {
        JsonNode app = node == null ? null : node.get("app");
        String text = new String(raw, StandardCharsets.UTF_8);
        String masked = redactor.redactText(app != null && app.isTextual() ? app.textValue() : null, text);
        return masked.equals(text) ? raw : masked.getBytes(StandardCharsets.UTF_8);
    }

    private static String callIdOf(JsonNode node) {
        JsonNode callId = node.get("call_id");
        return callId != null && callId.isValueNode() && !callId.isNull() ? callId.asText() : null;
    }

    /** Keeps client-supplied text from forging log lines. */
    private static String oneLine(String text) {
        return text == null ? null : text.replace('\r', ' ').replace('\n', ' ');
    }
}
