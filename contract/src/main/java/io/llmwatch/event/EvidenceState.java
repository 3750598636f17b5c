package io.llmwatch.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a comparison's evidence stands (docs/decisions.md); serialised in lower case.
 */
public enum EvidenceState {
    /** No verdict yet, and none was revoked: no alarm so far, or only rises (which revoke nothing). */
    ACCUMULATING,
    /** Decided {@code worse}: the candidate is not eligible. */
    DECIDED,
    /** Decided good enough; the change detector watches it. */
    MONITORING,
    /**
     * The change detector saw the mean fall: the verdict was revoked, the evidence started afresh and
     * has no verdict yet.
     */
    ALARMED;

    /**
     * The state of evidence whose verdict is {@code verdict} (at the comparison's margin);
     * {@code fellLast} says the change detector's last alarm was a fall of the mean. The servers ask
     * {@code SequentialEvidence.state(margin)}, which reads both off the evidence.
     */
    public static EvidenceState of(Verdict verdict, boolean fellLast) {
        if (verdict.goodEnough()) {
            return MONITORING;
        }
        if (verdict == Verdict.WORSE) {
            return DECIDED;
        }
        return fellLast ? ALARMED : ACCUMULATING;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EvidenceState fromJson(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
