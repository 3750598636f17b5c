package io.llmwatch.scorer.topology;

import io.llmwatch.event.ScoredCall;
import io.llmwatch.topic.Topics;
import java.util.Objects;

/**
 * A scored call together with its JSON as written to {@link Topics#SCORED}, each made from the
 * other at most once. A new call is serialised once, for both the calls store and the output topic;
 * a stored one is parsed only when an evaluation re-scores it, not to recognise a duplicate.
 */
final class ScoredCallJson {

    private ScoredCall call;
    private byte[] json;

    private ScoredCallJson(ScoredCall call, byte[] json) {
        this.call = call;
        this.json = json;
    }

    static ScoredCallJson of(ScoredCall call) {
        return new ScoredCallJson(Objects.requireNonNull(call), null);
    }

    static ScoredCallJson fromJson(byte[] json) {
        return new ScoredCallJson(null, Objects.requireNonNull(json));
    }

    ScoredCall call() {
        if (call == null) {
            call = Topics.SCORED.valueSerde().deserializer().deserialize(Topics.SCORED.name(), json);
        }
        return call;
    }

    byte[] json() {
        if (json == null) {
            json = Topics.SCORED.valueSerde().serializer().serialize(Topics.SCORED.name(), call);
        }
        return json;
    }
}
