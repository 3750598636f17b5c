package io.llmwatch.collector.otlp;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.llmwatch.collector.ingest.BoundedBody;
import io.llmwatch.collector.ingest.CollectorOptions;
import io.llmwatch.collector.ingest.DeadLetterCap;
import io.llmwatch.collector.ingest.JsonContentType;
import io.llmwatch.collector.ingest.RequestLimits;
import io.llmwatch.collector.ingest.KafkaPublisher;
import io.llmwatch.redact.Redactor;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
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
 * {@code POST /v1/traces}: OTLP/HTTP trace export in JSON ({@code Content-Type: application/json}) or
 * protobuf ({@code application/x-protobuf}) encoding, optionally {@code Content-Encoding: gzip}; both
 * are read into the same spans ({@link OtlpEncoding}) and answered in the encoding they came in. Spans that follow the GenAI
 * semantic conventions become {@link LlmCall}s on {@code llmwatch.calls} and their
 * {@code gen_ai.evaluation.result} events {@link Evaluation}s on {@code llmwatch.evaluations} (see
 * {@link GenAiSpanMapper}); every other span is ignored and counted.
 *
 * <p>Answers as OTLP/HTTP prescribes, once Kafka acknowledged every record: 200 with {@code {}}; 200
 * with a {@code partialSuccess} naming each rejected span (also dead-lettered, as a one-span
 * export request) or evaluation; 400 with a {@code Status} when the body is not an export request
 * (dead-lettered whole); 415 for another content type or an unknown content encoding;
 * 413 for a body over the collector's one limit (after gzip decoding too, see {@link BoundedBody})
 * or more spans than {@link RequestLimits#maxItems()}; 408 and 503 as on the other ingest endpoints.
 * Answers are in the encoding of the request (JSON or protobuf).
 * Spans and evaluations outside the event time window ({@link EventTimeWindow}) are rejected. Ignored spans are not "rejected" — an exporter must not warn about them —
 * they show in the metric {@code llmwatch.collector.otlp.spans}.
 */
public final class OtlpEndpoint implements Handler {

    public static final String PATH = "/v1/traces";

    private static final Logger log = LoggerFactory.getLogger(OtlpEndpoint.class);
    private static final String SOURCE = "http:POST " + PATH;
    private static final String COMPONENT = "collector";
    private static final int MAX_LISTED_PROBLEMS = 10;

    private final KafkaPublisher publisher;
    private final Redactor redactor;
    private final GenAiSpanMapper mapper;
    private final long maxBodyBytes;
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
    public OtlpEndpoint(KafkaPublisher publisher, Redactor redactor, OtlpMapping mapping, CollectorOptions options,
                        Clock clock, MeterRegistry registry) {
        this.publisher = publisher;
        this.redactor = redactor;
        this.mapper = new GenAiSpanMapper(mapping);
        this.maxBodyBytes = options.maxBodyBytes();
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
                .description("Spans received on " + PATH + ": accepted as calls, rejected, or ignored (not a model call)")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    private static Counter evaluationCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("llmwatch.collector.otlp.evaluations")
                .description("gen_ai.evaluation.result events received on " + PATH + ", by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void handle(Context ctx) throws Exception {
        String contentType = JsonContentType.mediaType(ctx.contentType());
        OtlpEncoding wire = contentType == null ? OtlpEncoding.JSON : OtlpEncoding.of(contentType);
        if (wire == null) {
            status(ctx, OtlpEncoding.JSON, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "llmwatch accepts OTLP/HTTP in JSON ("
                    + OtlpEncoding.JSON.mediaType + ") or protobuf (" + OtlpEncoding.PROTOBUF.mediaType + "), not '"
                    + contentType + "'");
            return;
        }
        // The one body limit of the collector, after gzip decoding too.
        byte[] body = BoundedBody.read(ctx, maxBodyBytes);
        Instant now = clock.instant();
        List<RawSpan> spans;
        try {
            spans = wire.spans(body);
        } catch (ValidationException e) {
            // A body that is not an export request is one dead letter, whatever its size.
            publisher.sendAll(List.of(deadLetter(null, body, wire.deadLetterCharset, e.errors(), now)));
            status(ctx, wire, HttpStatus.BAD_REQUEST, "not an OTLP ExportTraceServiceRequest in " + wire.label + ": " + e.getMessage());
            return;
        }
        if (spans.size() > limits.maxItems()) {
            status(ctx, wire, HttpStatus.CONTENT_TOO_LARGE, "the export request holds " + spans.size() + " spans; send at most "
                    + limits.maxItems() + " per request (collector.max_items_per_request), e.g. with a smaller"
                    + " OTEL_BSP_MAX_EXPORT_BATCH_SIZE");
            return;
        }
        Export export = new Export(now, new RequestDefaults(ctx.header(RequestDefaults.APP_HEADER),
                ctx.header(RequestDefaults.TASK_HEADER)));
        spans.forEach(export::add);
        export.summariseUnlettered();
        publisher.sendAll(export.records);
        export.count();
        wire.answer(ctx, HttpStatus.OK, export.response());
    }

    /** The records and the answer of one export request, built span by span. */
    private final class Export {

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

        Export(Instant now, RequestDefaults defaults) {
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
                records.add(OtlpEndpoint.this.deadLetter(key, raw, StandardCharsets.UTF_8, errors, now));
            }
        }

        /** One dead letter for those beyond the limit: their count, not their bytes. */
        void summariseUnlettered() {
            letters.summary().ifPresent(reason -> records.add(
                    OtlpEndpoint.this.deadLetter(null, new byte[0], StandardCharsets.UTF_8, List.of(reason), now)));
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
                        SOURCE, accepted, evaluations, rejected, badEvaluations, ignored);
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

    private ProducerRecord<byte[], byte[]> deadLetter(String key, byte[] raw, Charset charset, List<FieldError> errors,
                                                      Instant now) {
        // A rejected span is stored whole; without an app at hand only the global patterns apply.
        String text = new String(raw, charset);
        byte[] masked = redactor.redactText(null, text).getBytes(charset);
        DeadLetter letter = DeadLetter.of(key, masked, errors, SOURCE, null, null, COMPONENT, now);
        return publisher.record(Topics.DLQ, key, letter, now);
    }

    private static void status(Context ctx, OtlpEncoding wire, HttpStatus status, String message) {
        wire.answer(ctx, status, new ExportResponses.Status(ExportResponses.INVALID_ARGUMENT, message));
    }
}
