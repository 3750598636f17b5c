package io.llmwatch.drift.lifecycle;

import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.json.JsonSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which alerts are sent: one condition (one {@code dedup_key}) fires once, is re-sent only
 * after {@code alerts.cooldown} if it still holds, and sends {@code resolved} when it clears.
 *
 * <p>Input, keyed {@code app/task}: drafts from the watchers, {@code firing} for every sample on which
 * a condition holds and {@code resolved} when it clears, without id or detection time; and the
 * {@code OPTIMAL_MODEL_CHANGED} alerts of the optimum, which carry their own id and are notices of
 * a single event: each is sent once, never re-sent or resolved, and its evidence gains
 * {@code details.related_alerts}: the dedup keys of the task's drift alerts that were firing, or had
 * fired, within the windows the change was decided on.
 *
 * <p>Output, keyed {@code alert_id}: the alerts to send, stamped with a deterministic id
 * ({@link AlertIds}) and the detection time (wall clock). Cooldowns run on event time (the end of the
 * draft's window), so re-processed input decides the same way. State per dedup key lives in the
 * persistent store {@value #STORE}: a restart neither re-fires a condition nor forgets one. An entry
 * not sent about for {@value #RETENTION_DAYS} days (or two cooldowns, if longer) is dropped.
 */
public final class AlertLifecycle implements Processor<String, DriftAlert, String, DriftAlert> {

    /** Per dedup key: the condition's status and when it was last sent. */
    public static final String STORE = "drift-alert-state";

    static final int RETENTION_DAYS = 7;

    private static final Logger LOG = LoggerFactory.getLogger(AlertLifecycle.class);

    private final Duration cooldown;
    private final Duration retention;
    private final Duration relatedLookback;
    private ProcessorContext<String, DriftAlert> context;
    private KeyValueStore<String, AlertState> store;

    private AlertLifecycle(LlmwatchConfig config) {
        this.cooldown = config.alerts().cooldown();
        Duration days = Duration.ofDays(RETENTION_DAYS);
        this.retention = cooldown.multipliedBy(2).compareTo(days) > 0 ? cooldown.multipliedBy(2) : days;
        this.relatedLookback = config.pipeline().window()
                .multipliedBy((long) config.pipeline().hysteresisWindows() + config.pipeline().horizonWindows());
    }

    /** The processor with its store. */
    public static ProcessorSupplier<String, DriftAlert, String, DriftAlert> supplier(LlmwatchConfig config) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, DriftAlert, String, DriftAlert> get() {
                return new AlertLifecycle(config);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        JsonSerde.of(AlertState.class)));
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, DriftAlert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(Duration.ofHours(1), PunctuationType.STREAM_TIME, this::forgetOld);
    }

    @Override
    public void process(Record<String, DriftAlert> record) {
        DriftAlert draft = record.value();
        if (draft.dedupKey() == null || draft.type() == null || draft.window() == null || draft.window().end() == null) {
            LOG.warn("dropping an alert draft without dedup key, type or window: {}", draft.summary());
            return;
        }
        AlertState state = store.get(draft.dedupKey());
        if (draft.alertId() != null) {
            notice(record, draft, state);
        } else if (draft.status() == AlertStatus.RESOLVED) {
            resolved(record, draft, state);
        } else {
            firing(record, draft, state);
        }
    }

    /** A single event with its own id: sent once, with the related drift alerts of its task. */
    private void notice(Record<String, DriftAlert> record, DriftAlert alert, AlertState state) {
        if (state != null && alert.alertId().equals(state.lastAlertId())) {
            return;
        }
        Instant at = alert.window().end();
        List<String> related = related(alert);
        DriftAlert sent = related.isEmpty() ? alert : withDetails(alert, alert.alertId(), alert.detectedAt(),
                Map.of("related_alerts", related));
        store.put(alert.dedupKey(), new AlertState(alert.type(), alert.app(), alert.taskType(), AlertStatus.FIRING, at, at,
                alert.alertId(), alert.alertId()));
        send(record, sent);
    }

    private void firing(Record<String, DriftAlert> record, DriftAlert draft, AlertState state) {
        Instant at = draft.window().end();
        if (state == null || !state.firing()) {
            String id = AlertIds.of(draft.dedupKey(), AlertStatus.FIRING, at);
            store.put(draft.dedupKey(), new AlertState(draft.type(), draft.app(), draft.taskType(), AlertStatus.FIRING, at,
                    at, id, id));
            send(record, withDetails(draft, id, now(), Map.of()));
        } else if (!at.isBefore(state.lastSentAt().plus(cooldown))) {
            String id = AlertIds.of(draft.dedupKey(), AlertStatus.FIRING, at);
            store.put(draft.dedupKey(), new AlertState(state.type(), state.app(), state.taskType(), AlertStatus.FIRING,
                    state.firedAt(), at, state.firedId(), id));
            send(record, withDetails(draft, id, now(), Map.of("repeat_of", state.firedId(),
                    "firing_since", state.firedAt().toString())));
        }
    }

    private void resolved(Record<String, DriftAlert> record, DriftAlert draft, AlertState state) {
        if (state == null || !state.firing()) {
            return;
        }
        Instant at = draft.window().end();
        String id = AlertIds.of(draft.dedupKey(), AlertStatus.RESOLVED, at);
        store.put(draft.dedupKey(), new AlertState(state.type(), state.app(), state.taskType(), AlertStatus.RESOLVED,
                state.firedAt(), at, state.firedId(), id));
        send(record, withDetails(draft, id, now(), Map.of("resolves", state.firedId(),
                "firing_since", state.firedAt().toString())));
    }

    /** Dedup keys of the task's drift conditions firing now, or sent about within the windows before {@code notice}. */
    private List<String> related(DriftAlert notice) {
        Instant since = notice.window().start().minus(relatedLookback);
        List<String> related = new ArrayList<>();
        try (KeyValueIterator<String, AlertState> all = store.all()) {
            all.forEachRemaining(entry -> {
                AlertState s = entry.value;
                if (s.type() != AlertType.OPTIMAL_MODEL_CHANGED && notice.app().equals(s.app())
                        && notice.taskType().equals(s.taskType()) && (s.firing() || !s.lastSentAt().isBefore(since))) {
                    related.add(entry.key);
                }
            });
        }
        related.sort(null);
        return related;
    }

    private void forgetOld(long streamTime) {
        Instant cutoff = Instant.ofEpochMilli(streamTime).minus(retention);
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, AlertState> all = store.all()) {
            all.forEachRemaining(entry -> {
                // A firing condition is kept however old: forgetting it would drop its resolution.
                if (!entry.value.firing() && entry.value.lastSentAt().isBefore(cutoff)) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(store::delete);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private void send(Record<String, DriftAlert> record, DriftAlert alert) {
        LOG.info("{} {}: {}", alert.status() == null ? "" : alert.status().json(), alert.type(), alert.summary());
        context.forward(record.withKey(alert.alertId()).withValue(alert));
    }

    /** The draft as sent: with its id, detection time and extra details. */
    private static DriftAlert withDetails(DriftAlert draft, String id, Instant detectedAt, Map<String, Object> extra) {
        Evidence e = draft.evidence();
        Evidence evidence = e;
        if (!extra.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>(e == null ? Map.of() : e.details());
            details.putAll(extra);
            evidence = e == null
                    ? new Evidence(null, null, null, null, null, null, null, null, null, null, null, null, null, null, details)
                    : new Evidence(e.fromModel(), e.toModel(), e.fromQuality(), e.fromQualityN(), e.toQuality(),
                            e.toQualityN(), e.delta(), e.ciLow(), e.ciHigh(), e.n(), e.costPerCallBefore(),
                            e.costPerCallAfter(), e.callsPerMonth(), e.projectedMonthlySavings(), details);
        }
        return new DriftAlert(draft.schema(), id, draft.type(), draft.severity(), draft.app(), draft.taskType(),
                draft.model(), detectedAt, draft.window(), draft.summary(), evidence, draft.dedupKey(), draft.status());
    }
}
