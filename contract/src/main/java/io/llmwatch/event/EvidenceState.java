package io.llmwatch.stats;

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

    /** The state of {@code evidence} at {@code margin}. */
    public static EvidenceState of(SequentialEvidence evidence, double margin) {
        Verdict verdict = evidence.verdict(margin);
        if (verdict.goodEnough()) {
            return MONITORING;
        }
        if (verdict == Verdict.WORSE) {
            return DECIDED;
        }
        return evidence.lastShift() == Shift.DOWN ? ALARMED : ACCUMULATING;
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
