package io.llmwatch.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ReplayRequest} field by field ({@link ReplayRequest#builder()},
 * {@link ReplayRequest#toBuilder()}), instead of the record's 19 positional arguments. Fields left
 * out stay absent; the schema defaults to {@value ReplayRequest#SCHEMA}. Not thread-safe.
 */
public final class ReplayRequestBuilder {

    private String schema = ReplayRequest.SCHEMA;
    private String callId;
    private Instant callTimestamp;
    private String app;
    private String taskType;
    private String incumbent;
    private String provider;
    private JsonNode request;
    private String originalOutput;
    private Usage originalUsage;
    private Double originalCostUsd;
    private JsonNode reference;
    private String judge;
    private List<String> targets;
    private Map<String, Double> projectedCostUsd;
    private String campaignId;
    private Instant requestedAt;
    private String api;
    private String servedBy;

    ReplayRequestBuilder() {
    }

    /** A builder holding every field of {@code request}, to change some of them. */
    static ReplayRequestBuilder from(ReplayRequest request) {
        ReplayRequestBuilder b = new ReplayRequestBuilder();
        b.schema = request.schema();
        b.callId = request.callId();
        b.callTimestamp = request.callTimestamp();
        b.app = request.app();
        b.taskType = request.taskType();
        b.incumbent = request.incumbent();
        b.provider = request.provider();
        b.request = request.request();
        b.originalOutput = request.originalOutput();
        b.originalUsage = request.originalUsage();
        b.originalCostUsd = request.originalCostUsd();
        b.reference = request.reference();
        b.judge = request.judge();
        b.targets = request.targets();
        b.projectedCostUsd = request.projectedCostUsd();
        b.campaignId = request.campaignId();
        b.requestedAt = request.requestedAt();
        b.api = request.api();
        b.servedBy = request.servedBy();
        return b;
    }

    public ReplayRequestBuilder callId(String callId) {
        this.callId = callId;
        return this;
    }

    public ReplayRequestBuilder callTimestamp(Instant callTimestamp) {
        this.callTimestamp = callTimestamp;
        return this;
    }

    public ReplayRequestBuilder app(String app) {
        this.app = app;
        return this;
    }

    public ReplayRequestBuilder taskType(String taskType) {
        this.taskType = taskType;
        return this;
    }

    public ReplayRequestBuilder incumbent(String incumbent) {
        this.incumbent = incumbent;
        return this;
    }

    public ReplayRequestBuilder provider(String provider) {
        this.provider = provider;
        return this;
    }

    public ReplayRequestBuilder request(JsonNode request) {
        this.request = request;
        return this;
    }

    public ReplayRequestBuilder originalOutput(String originalOutput) {
        this.originalOutput = originalOutput;
        return this;
    }

    public ReplayRequestBuilder originalUsage(Usage originalUsage) {
        this.originalUsage = originalUsage;
        return this;
    }

    public ReplayRequestBuilder originalCostUsd(Double originalCostUsd) {
        this.originalCostUsd = originalCostUsd;
        return this;
    }

    public ReplayRequestBuilder reference(JsonNode reference) {
        this.reference = reference;
        return this;
    }

    public ReplayRequestBuilder judge(String judge) {
        this.judge = judge;
        return this;
    }

    public ReplayRequestBuilder targets(List<String> targets) {
        this.targets = targets;
        return this;
    }

    public ReplayRequestBuilder projectedCostUsd(Map<String, Double> projectedCostUsd) {
        this.projectedCostUsd = projectedCostUsd;
        return this;
    }

    public ReplayRequestBuilder campaignId(String campaignId) {
        this.campaignId = campaignId;
        return this;
    }

    public ReplayRequestBuilder requestedAt(Instant requestedAt) {
        this.requestedAt = requestedAt;
        return this;
    }

    public ReplayRequestBuilder api(String api) {
        this.api = api;
        return this;
    }

    public ReplayRequestBuilder servedBy(String servedBy) {
        this.servedBy = servedBy;
        return this;
    }

    public ReplayRequest build() {
        return new ReplayRequest(schema, callId, callTimestamp, app, taskType, incumbent, provider, request, originalOutput,
                originalUsage, originalCostUsd, reference, judge, targets, projectedCostUsd, campaignId, requestedAt, api,
                servedBy);
    }
}
