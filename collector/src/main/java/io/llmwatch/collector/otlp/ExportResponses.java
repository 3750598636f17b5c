package io.llmwatch.collector.otlp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON bodies OTLP/HTTP prescribes. Field names are written explicitly: OTLP/JSON uses
 * lowerCamelCase, unlike llmwatch's own snake_case records.
 */
final class ExportResponses {

    /** gRPC {@code INVALID_ARGUMENT}, the code of a {@code google.rpc.Status} for a request that cannot be read. */
    static final int INVALID_ARGUMENT = 3;

    private ExportResponses() {
    }

    /**
     * {@code ExportTraceServiceResponse}: {@code {}} when every span was accepted.
     *
     * @param partialSuccess present when spans were rejected (or there is a warning)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TraceResponse(@JsonProperty("partialSuccess") PartialSuccess partialSuccess) {
    }

    /**
     * {@code ExportTracePartialSuccess}.
     *
     * @param rejectedSpans an int64, so a JSON string in the protobuf-JSON mapping
     * @param errorMessage  which spans were rejected and why
     */
    record PartialSuccess(@JsonProperty("rejectedSpans") String rejectedSpans,
                          @JsonProperty("errorMessage") String errorMessage) {
    }

    /** {@code google.rpc.Status}, the body of a 4xx answer. */
    record Status(@JsonProperty("code") int code, @JsonProperty("message") String message) {
    }
}
