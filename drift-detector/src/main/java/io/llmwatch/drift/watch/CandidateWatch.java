package io.llmwatch.drift.watch;

import java.time.Instant;

/**
 * What the drift detector remembers about one candidate's paired comparison with its incumbent: the
 * alarms it has seen, and the fall it is alerting about, if any.
 *
 * @param incumbent the model the candidate was compared with; another one starts afresh
 * @param restarts  the comparison's alarms so far, as last seen ({@code Comparison.restarts})
 * @param since     when the fall being alerted about was seen, or null while nothing is firing
 * @param alarm     what that fall's alarm saw, or null
 */
record CandidateWatch(String incumbent, int restarts, Instant since, String alarm) {

    static CandidateWatch against(String incumbent) {
        return new CandidateWatch(incumbent, 0, null, null);
    }

    boolean firing() {
        return since != null;
    }
}
