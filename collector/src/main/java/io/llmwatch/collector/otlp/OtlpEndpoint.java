package io.llmwatch.collector.otlp;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.llmwatch.collector.ingest.BoundedBody;
import io.llmwatch.collector.ingest.KafkaPublisher;
import io.llmwatch.redact.Redactor;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/traces}: OTLP/HTTP trace export in JSON encoding ({@code Content-Type:
 * application/json}, optionally {@code Content-Encoding: gzip}). Spans that follow the GenAI
 * semantic conventions become {@link LlmCall}s on {@code llmwatch.calls} and their
 * {@code gen_ai.evaluation.result} events {@link Evaluation}s on {@code llmwatch.evaluations} (see
 * {@link GenAiSpanMapper}); every other span is ignored and counted.
 *
 * <p>Answers as OTLP/HTTP prescribes, once Kafka acknowledged every record: 200 with {@code {}}; 200
 * with a {@code partialSuccess} naming each rejected span (also dead-lettered, as a one-span
 * export request) or evaluation; 400 with a {@code Status} when the body is not an export request
 * (dead-lettered whole); 415 for protobuf or an unknown content encoding; 413 and 503 as on the
 * other ingest endpoints. Ignored spans are not "rejected" — an exporter must not warn about them —
 * they show in the metric {@code llmwatch.collector.otlp.spans}.
 */
public final class OtlpEndpoint implements Handler {

    public static final String PATH = "/v1/traces";

    private static final Logger log = LoggerFactory.getLogger(OtlpEndpoint.class);
    private static final String SOURCE = "http:POST " + PATH;
    private static final String COMPONENT = "collector";
    private static final String JSON = "application/json";
    /** JSON spans compress about tenfold; the inflated body is bounded so that a gzip bomb cannot exhaust memory. */
    private static final int MAX_INFLATION = 16;
    private static final int MAX_LISTED_PROBLEMS = 10;

    private final KafkaPublisher publisher;
    private final Redactor redactor;
    private final GenAiSpanMapper mapper;
    private final long maxBodyBytes;
    private final Clock clock;
    private final Counter acceptedSpans;
    private final Counter rejectedSpans;
    private final Map<SpanMapping.Reason, Counter> ignoredSpans = new EnumMap<>(SpanMapping.Reason.class);
    private final Counter acceptedEvaluations;
    private final Counter rejectedEvaluations;
    private final Counter failedEvaluations;

    /** @param redactor masks secrets and personal data in everything published, dead letters included */
    public OtlpEndpoint(KafkaPublisher publisher, Redactor redactor, OtlpMapping mapping, long maxBodyBytes, Clock clock,
                        MeterRegistry registry) {
        this.publisher = publisher;
        this.redactor = redactor;
        this.mapper = new GenAiSpanMapper(mapping);
        this.maxBodyBytes = maxBodyBytes;
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
        String contentType = mediaType(ctx.contentType());
        if (contentType != null && !JSON.equals(contentType)) {
            status(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "llmwatch accepts OTLP/HTTP in JSON encoding only (Content-Type: "
                    + JSON + "), not '" + contentType + "'; set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json, or export"
                    + " through an OpenTelemetry Collector whose otlphttp exporter has encoding: json");
            return;
        }
        String encoding = mediaType(ctx.header("Content-Encoding"));
        if (encoding != null && !"gzip".equals(encoding) && !"identity".equals(encoding)) {
            status(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + encoding + "' is not supported; send gzip or no encoding");
            return;
        }
        byte[] body = BoundedBody.read(ctx, maxBodyBytes);
        if ("gzip".equals(encoding)) {
            try {
                body = gunzip(body, maxBodyBytes * MAX_INFLATION);
            } catch (ZipException | EOFException e) {
                status(ctx, HttpStatus.BAD_REQUEST, "the body is not valid gzip: " + e.getMessage());
                return;
            }
        }
        Instant now = clock.instant();
        List<RawSpan> spans;
        try {
            spans = TraceRequestReader.spans(body);
        } catch (ValidationException e) {
            publisher.sendAll(List.of(deadLetter(null, body, e.errors(), now)));
            status(ctx, HttpStatus.BAD_REQUEST, "not an OTLP ExportTraceServiceRequest in JSON: " + e.getMessage());
            return;
        }
        Export export = new Export(now, new RequestDefaults(ctx.header(RequestDefaults.APP_HEADER),
                ctx.header(RequestDefaults.TASK_HEADER)));
        spans.forEach(export::add);
        publisher.sendAll(export.records);
        export.count();
        ctx.status(HttpStatus.OK).json(export.response());
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
                records.add(deadLetter(raw.label(), raw.asRequestJson(), e.errors(), now));
                problem("span " + raw.label() + ": " + e.getMessage());
                return;
            }
            if (mapping instanceof SpanMapping.Ignored skip) {
                ignored.merge(skip.reason(), 1, Integer::sum);
                return;
            }
            SpanMapping.Call call = (SpanMapping.Call) mapping;
            String callId = call.call().callId();
            // Stamped with the ingest time, not the span's own time: see Topics.
            records.add(publisher.record(Topics.CALLS, callId, redactor.redact(call.call()), now));
            accepted++;
            for (Evaluation evaluation : call.evaluations()) {
                records.add(publisher.record(Topics.EVALUATIONS, callId, redactor.redact(evaluation), now));
            }
            evaluations += call.evaluations().size();
            for (SpanMapping.RejectedEvaluation bad : call.rejectedEvaluations()) {
                List<FieldError> errors = bad.errors().stream()
                        .map(e -> new FieldError("events[" + bad.eventIndex() + "]." + e.field(), e.message()))
                        .toList();
                records.add(deadLetter(callId, raw.asRequestJson(), errors, now));
                problem("span " + raw.label() + " " + GenAiSpanMapper.EVALUATION_EVENT + " event " + bad.eventIndex()
                        + ": " + String.join("; ", errors.stream().map(FieldError::toString).toList()));
            }
            badEvaluations += call.rejectedEvaluations().size();
            failed += call.failedEvaluations();
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

    private ProducerRecord<byte[], byte[]> deadLetter(String key, byte[] raw, List<FieldError> errors, Instant now) {
        // A rejected span is stored whole; without an app at hand only the global patterns apply.
        String text = new String(raw, StandardCharsets.UTF_8);
        byte[] masked = redactor.redactText(null, text).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of(key, masked, errors, SOURCE, null, null, COMPONENT, now);
        return publisher.record(Topics.DLQ, key, letter, now);
    }

    private static void status(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(new ExportResponses.Status(ExportResponses.INVALID_ARGUMENT, message));
    }

    private static byte[] gunzip(byte[] body, long maxBytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            byte[] inflated = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (inflated.length > maxBytes) {
                throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE,
                        "the gzip body inflates to more than " + maxBytes + " bytes; export smaller batches", Map.of());
            }
            return inflated;
        }
    }

    /** The lowercase media type or coding without parameters; null when absent. */
    private static String mediaType(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon >= 0 ? header.substring(0, semicolon) : header).strip().toLowerCase(Locale.ROOT);
    }
}
