package io.llmwatch.collector.otlp;

import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.DeadLetterCap;
import io.llmwatch.collector.ingest.KafkaPublisher;
import io.llmwatch.collector.ingest.PublishException;
import io.llmwatch.collector.ingest.RequestLimits;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.redact.Redactor;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an OTLP trace export request becomes, whatever carried it (OTLP/HTTP on {@code /v1/traces}
 * in JSON or protobuf, or OTLP/gRPC): the one home of the conversion, its limits, its dead letters
 * and its metrics, so the transports differ only in how they read the request and write the answer.
 *
 * <p>Spans that follow the GenAI semantic conventions become {@link LlmCall}s on
 * {@code llmwatch.calls} and their {@code gen_ai.evaluation.result} events {@link Evaluation}s on
 * {@code llmwatch.evaluations} (see {@link GenAiSpanMapper}); every other span is ignored and
 * counted. A rejected span or evaluation is dead-lettered as a one-span OTLP/JSON export request and
 * named in a {@code partialSuccess}; a body that is not an export request is dead-lettered whole. The
 * span count is checked against {@link RequestLimits#maxItems()} before any span is converted.
 * Returns once Kafka acknowledged every record; a {@link PublishException}
 * when it did not.
 */
public final class TraceExports {

    private static final Logger log = LoggerFactory.getLogger(TraceExports.class);
    private static final String COMPONENT = "collector";
    private static final int MAX_LISTED_PROBLEMS = 10;

    private final KafkaPublisher publisher;
    private final Redactor redactor;
    private final GenAiSpanMapper mapper;
    private final RequestLimits limits;
    private final EventTimeWindow eventTimes;
    private final Clock clock;
    private final Counter acceptedSpans;
    private final Counter rejectedSpans;
    private final Map<SpanMapping.Reason, Counter> ignoredSpans = new EnumMap<>(SpanMapping.Reason.class);
    private final Counter acceptedEvaluations;
    private final Counter rejectedEvaluations;
    private final Counter failedEvaluations;

    /** @param redactor masks secrets and personal data in everything published, dead letters included */
    public TraceExports(KafkaPublisher publisher, Redactor redactor, OtlpMapping mapping, CollectorOptions options,
                        Clock clock, MeterRegistry registry) {
        this.publisher = publisher;
        this.redactor = redactor;
        this.mapper = new GenAiSpanMapper(mapping);
        this.limits = options.limits();
        this.eventTimes = options.eventTimes();
        this.clock = clock;
        this.acceptedSpans = spanCounter(registry, "accepted", "llm_call");
        this.rejectedSpans = spanCounter(registry, "rejected", "invalid");
        for (SpanMapping.Reason reason : SpanMapping.Reason.values()) {
            ignoredSpans.put(reason, spanCounter(registry, "ignored", reason.tag()));
        }
        this.acceptedEvaluations = evaluationCounter(registry, "accepted");
        this.rejectedEvaluations = evaluationCounter(registry, "rejected");
        this.failedEvaluations = evaluationCounter(registry, "evaluator_failed");
    }

    private static Counter spanCounter(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder("llmwatch.collector.otlp.spans")
                .description("OTLP spans received (HTTP or gRPC): accepted as calls, rejected, or ignored (not a model call)")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    private static Counter evaluationCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("llmwatch.collector.otlp.evaluations")
                .description("gen_ai.evaluation.result events received over OTLP, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** The answer to one export request. */
    sealed interface Outcome permits Exported, Refused {
    }

    /** Read and published; the answer says which spans were rejected, if any. */
    record Exported(ExportResponses.TraceResponse response) implements Outcome {
    }

    /** Not taken at all, for {@code reason}, explained by {@code message}. */
    record Refused(Refusal reason, String message) implements Outcome {
    }

    /** Why a whole request is refused. */
    enum Refusal {
        /** The body is not an {@code ExportTraceServiceRequest} in its encoding (dead-lettered whole). */
        NOT_AN_EXPORT,
        /** More spans than {@link RequestLimits#maxItems()}. */
        TOO_MANY_SPANS
    }

    /**
     * Reads {@code body} in {@code wire}'s encoding and publishes what it holds.
     *
     * @param source names the transport in dead letters, e.g. {@code http:POST /v1/traces}
     */
    Outcome export(OtlpEncoding wire, byte[] body, RequestDefaults defaults, String source) throws PublishException {
        Instant now = clock.instant();
        DecodedExport request;
        try {
            request = wire.read(body);
        } catch (ValidationException e) {
            // A body that is not an export request is one dead letter, whatever its size.
            publisher.sendAll(List.of(deadLetter(source, null, body, wire.deadLetterCharset, e.errors(), now)));
            return new Refused(Refusal.NOT_AN_EXPORT, "not an OTLP ExportTraceServiceRequest in " + wire.label + ": "
                    + e.getMessage());
        }
        int count = request.spanCount();
        if (count > limits.maxItems()) {
            return new Refused(Refusal.TOO_MANY_SPANS, "the export request holds " + count + " spans; send at most "
                    + limits.maxItems() + " per request (collector.max_items_per_request), e.g. with a smaller"
                    + " OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
        }
        Export export = new Export(source, now, defaults);
        request.spans().forEach(export::add);
        export.summariseUnlettered();
        publisher.sendAll(export.records);
        export.count();
        return new Exported(export.response());
    }

    /** The records and the answer of one export request, built span by span. */
    private final class Export {

        private final String source;
        private final Instant now;
        private final RequestDefaults defaults;
        private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final Map<SpanMapping.Reason, Integer> ignored = new EnumMap<>(SpanMapping.Reason.class);
        private int accepted;
        private int rejected;
        private int evaluations;
        private int badEvaluations;
        private int failed;
        private final DeadLetterCap letters = new DeadLetterCap(limits, "spans or evaluations of this export request", "");

        Export(String source, Instant now, RequestDefaults defaults) {
            this.source = source;
            this.now = now;
            this.defaults = defaults;
        }

        void add(RawSpan raw) {
            SpanMapping mapping;
            try {
                mapping = mapper.map(OtlpSpan.from(raw), defaults);
            } catch (ValidationException e) {
                rejected++;
                deadLetter(raw.label(), raw.asRequestJson(), e.errors(), now);
                problem("span " + raw.label() + ": " + e.getMessage());
                return;
            }
            if (mapping instanceof SpanMapping.Ignored skip) {
                ignored.merge(skip.reason(), 1, Integer::sum);
                return;
            }
            SpanMapping.Call call = (SpanMapping.Call) mapping;
            List<FieldError> outside = eventTimes.check(new Checks(), "startTimeUnixNano", call.call().timestamp(), now)
                    .errors();
            if (!outside.isEmpty()) {
                rejected++;
                deadLetter(raw.label(), raw.asRequestJson(), outside, now);
                problem("span " + raw.label() + ": " + outside.get(0));
                return;
            }
            String callId = call.call().callId();
            // Stamped with the ingest time, not the span's own time: see Topics.
            records.add(publisher.record(Topics.CALLS, callId, redactor.redact(call.call()), now));
            accepted++;
            for (Evaluation evaluation : call.evaluations()) {
                List<FieldError> late = eventTimes.check(new Checks(), "timeUnixNano", evaluation.timestamp(), now).errors();
                if (late.isEmpty()) {
                    records.add(publisher.record(Topics.EVALUATIONS, callId, redactor.redact(evaluation), now));
                    evaluations++;
                } else {
                    badEvaluations++;
                    deadLetter(callId, raw.asRequestJson(), late, now);
                    problem("span " + raw.label() + " " + GenAiSpanMapper.EVALUATION_EVENT + " event: " + late.get(0));
                }
            }
            for (SpanMapping.RejectedEvaluation bad : call.rejectedEvaluations()) {
                List<FieldError> errors = bad.errors().stream()
                        .map(e -> new FieldError("events[" + bad.eventIndex() + "]." + e.field(), e.message()))
                        .toList();
                deadLetter(callId, raw.asRequestJson(), errors, now);
                problem("span " + raw.label() + " " + GenAiSpanMapper.EVALUATION_EVENT + " event " + bad.eventIndex()
                        + ": " + String.join("; ", errors.stream().map(FieldError::toString).toList()));
            }
            badEvaluations += call.rejectedEvaluations().size();
            failed += call.failedEvaluations();
        }

        /** A dead letter, as far as the request's {@link DeadLetterCap} admits it; the others are counted. */
        private void deadLetter(String key, byte[] raw, List<FieldError> errors, Instant now) {
            if (letters.admit()) {
                records.add(TraceExports.this.deadLetter(source, key, raw, StandardCharsets.UTF_8, errors, now));
            }
        }

        /** One dead letter for those beyond the limit: their count, not their bytes. */
        void summariseUnlettered() {
            letters.summary().ifPresent(reason -> records.add(TraceExports.this.deadLetter(source, null, new byte[0],
                    StandardCharsets.UTF_8, List.of(reason), now)));
        }

        private void problem(String text) {
            problems.add(text.replace('\r', ' ').replace('\n', ' '));
        }

        void count() {
            acceptedSpans.increment(accepted);
            rejectedSpans.increment(rejected);
            ignored.forEach((reason, n) -> ignoredSpans.get(reason).increment(n));
            acceptedEvaluations.increment(evaluations);
            rejectedEvaluations.increment(badEvaluations);
            failedEvaluations.increment(failed);
            if (log.isDebugEnabled()) {
                log.debug("{}: {} calls, {} evaluations, {} spans rejected, {} evaluations rejected, ignored {}",
                        source, accepted, evaluations, rejected, badEvaluations, ignored);
            }
        }

        ExportResponses.TraceResponse response() {
            if (problems.isEmpty()) {
                return new ExportResponses.TraceResponse(null);
            }
            List<String> listed = problems.subList(0, Math.min(problems.size(), MAX_LISTED_PROBLEMS));
            String message = String.join(" | ", listed)
                    + (problems.size() > listed.size() ? " | and " + (problems.size() - listed.size()) + " more" : "");
            return new ExportResponses.TraceResponse(new ExportResponses.PartialSuccess(Integer.toString(rejected), message));
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(String source, String key, byte[] raw, Charset charset,
                                                      List<FieldError> errors, Instant now) {
        // A rejected span is stored whole; without an app at hand only the global patterns apply.
        String text = new String(raw, charset);
        byte[] masked = redactor.redactText(null, text).getBytes(charset);
        DeadLetter letter = DeadLetter.of(key, masked, errors, source, null, null, COMPONENT, now);
        return publisher.record(Topics.DLQ, key, letter, now);
    }
}
