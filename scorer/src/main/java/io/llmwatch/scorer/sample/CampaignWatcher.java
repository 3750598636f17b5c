package io.llmwatch.scorer.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.config.Campaign;
import io.llmwatch.config.ControlKey;
import io.llmwatch.json.Json;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.JsonPath;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Finds the {@code campaign/<id>} records of {@code llmwatch.control} that this stream task has not
 * dealt with yet, and remembers each one dealt with.
 *
 * <p>Campaigns are read from the topology's global control table, because Kafka Streams lets a topic
 * feed only one source of a topology and {@code llmwatch.control} already feeds that table. Every
 * stream task sees every campaign; each remembers in its state store which ids it has dealt with, so
 * that a restart or a re-sent record does not run a campaign again (an id runs once), and in memory,
 * so that a poll costs a range scan of the campaign keys. A rejected record is remembered with its
 * fingerprint: a corrected value under the same id is read again. Not thread-safe: one per processor.
 */
final class CampaignWatcher {

    private static final String PREFIX = ControlKey.Kind.CAMPAIGN.prefix() + "/";
    /** The first key after every {@code campaign/…} key ('0' follows '/'). */
    private static final String PREFIX_END = ControlKey.Kind.CAMPAIGN.prefix() + "0";

    private final TimestampedKeyValueStore<String, byte[]> control;
    private final KeyValueStore<String, CampaignMark> marks;
    private final Map<String, CampaignMark> known = new HashMap<>();

    CampaignWatcher(TimestampedKeyValueStore<String, byte[]> control, KeyValueStore<String, CampaignMark> marks) {
        this.control = control;
        this.marks = marks;
    }

    /** Campaign records not dealt with yet, in key order. */
    List<Found> poll() {
        List<Found> found = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<byte[]>> records = control.range(PREFIX, PREFIX_END)) {
            while (records.hasNext()) {
                KeyValue<String, ValueAndTimestamp<byte[]>> record = records.next();
                if (!record.key.startsWith(PREFIX) || record.value == null || record.value.value() == null) {
                    continue;
                }
                String id = record.key.substring(PREFIX.length());
                byte[] value = record.value.value();
                int fingerprint = Arrays.hashCode(value);
                CampaignMark mark = known.get(id);
                if (mark == null) {
                    mark = marks.get(id);
                    if (mark != null) {
                        known.put(id, mark);
                    }
                }
                if (mark == null || !mark.covers(fingerprint)) {
                    found.add(new Found(record.key, id, value, fingerprint));
                }
            }
        }
        return found;
    }

    /** Remembers a campaign record as dealt with: run (or not held here), or rejected. */
    void settle(Found campaign, boolean valid) {
        CampaignMark mark = new CampaignMark(valid, campaign.fingerprint());
        marks.put(campaign.id(), mark);
        known.put(campaign.id(), mark);
    }

    /**
     * Reads a campaign record.
     *
     * @throws ValidationException naming each offending field
     */
    static Campaign read(byte[] value) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new ValidationException("$", "is not valid JSON: " + firstLine(e));
        }
        if (node == null || !node.isObject()) {
            throw new ValidationException("$", "must be a JSON object with app, task_type and n");
        }
        Campaign campaign;
        try {
            campaign = Json.mapper().treeToValue(node, Campaign.class);
        } catch (JsonMappingException e) {
            throw new ValidationException(JsonPath.of(e), "has the wrong type or format: " + firstLine(e));
        } catch (JsonProcessingException e) {
            throw new ValidationException("$", "cannot be read: " + firstLine(e));
        }
        List<FieldError> errors = new ArrayList<>(campaign.validate());
        if (campaign.app() != null && campaign.app().indexOf('/') >= 0) {
            errors.add(new FieldError("app", "must not contain '/'"));
        }
        if (campaign.taskType() != null && campaign.taskType().indexOf('/') >= 0) {
            errors.add(new FieldError("task_type", "must not contain '/'"));
        }
        if (campaign.candidates() != null) {
            for (int i = 0; i < campaign.candidates().size(); i++) {
                String model = campaign.candidates().get(i);
                if (model == null || model.isBlank()) {
                    errors.add(new FieldError("candidates[" + i + "]", "is required"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return campaign;
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /** A campaign record to deal with: its control key, id, raw value and the value's fingerprint. */
    record Found(String key, String id, byte[] value, int fingerprint) {
    }

    /**
     * How a campaign id was dealt with.
     *
     * @param valid       true once it ran (or was found not to be held here): the id is done for good
     * @param fingerprint of the rejected value, when it was invalid
     */
    record CampaignMark(boolean valid, int fingerprint) {

        boolean covers(int valueFingerprint) {
            return valid || fingerprint == valueFingerprint;
        }
    }
}
