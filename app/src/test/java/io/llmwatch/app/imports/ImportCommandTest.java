package io.llmwatch.app.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.app.Llmwatch;
import io.llmwatch.event.CallError;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.kafka.EmbeddedKafka;
import io.llmwatch.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code llmwatch import tether} from a SQLite file with Tether's schema into a real broker. */
class ImportCommandTest {

    private static final String OPENAI_INPUTS = """
            {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Summarize: disk full"}], "temperature": 0.2}""";
    private static final String OPENAI_OUTPUTS = """
            {"id": "chatcmpl-9", "model": "gpt-4o-mini-2024-07-18",
             "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Disk is full."}}],
             "usage": {"prompt_tokens": 1500, "completion_tokens": 12, "total_tokens": 1512}}""";
    private static final String ANTHROPIC_INPUTS = """
            {"model": "claude-3-5-haiku", "max_tokens": 64, "messages": [{"role": "user", "content": "Plot it?"}]}""";
    private static final String ANTHROPIC_OUTPUTS = """
            {"id": "msg_1", "type": "message", "model": "claude-3-5-haiku-20241022",
             "content": [{"type": "text", "text": "Yes: a histogram."}], "stop_reason": "end_turn",
             "usage": {"input_tokens": 40, "output_tokens": 6}}""";

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void importsEachCompletedCallOnceAndAReimportAddsNothing() throws Exception {
        Path file = dir.resolve("agent.db");
        String ticketRun = "run-" + UUID.randomUUID();
        String edaRun = "run-" + UUID.randomUUID();
        try (Connection db = tetherFile(file)) {
            run(db, ticketRun, "summarize-ticket", "{\"app\": \"support\"}");
            run(db, edaRun, "eda-titanic", "{}");
            step(db, "s1", ticketRun, 1, "llm_call", "openai", "gpt-4o-mini", OPENAI_INPUTS, OPENAI_OUTPUTS, 1500, 12,
                    "0.000237", 842.5, null, "2026-03-01T10:00:00+00:00", "2026-03-01T10:00:00.843+00:00");
            step(db, "s2", ticketRun, 2, "tool_call", null, null, "{\"name\": \"lookup\"}", "{\"ok\": true}", null, null,
                    null, 3.0, null, "2026-03-01T10:00:01+00:00", "2026-03-01T10:00:01.003+00:00");
            step(db, "s3", ticketRun, 3, "llm_call", "anthropic", "claude-3-5-haiku", ANTHROPIC_INPUTS, ANTHROPIC_OUTPUTS,
                    40, 6, "0.00005", 410.0, null, "2026-03-01T10:00:02+00:00", "2026-03-01T10:00:02.41+00:00");
            step(db, "s4", edaRun, 1, "llm_call", "openai", "gpt-4o", OPENAI_INPUTS, null, 900, null, null, 30000.0,
                    "{\"type\": \"APITimeoutError\", \"message\": \"Request timed out.\"}", "2026-03-01T11:00:00+00:00", null);
            step(db, "s5", edaRun, 2, "state_mutation", null, null, "{}", "{}", null, null, null, null, null,
                    "2026-03-01T11:00:31+00:00", "2026-03-01T11:00:31+00:00");
            step(db, "s6", edaRun, 3, "llm_call", "openai", "gpt-4o", OPENAI_INPUTS, null, null, null, null, null, null,
                    "2026-03-01T11:00:32+00:00", null);
        }
        List<String> expectedIds = List.of("tether:" + ticketRun + ":s1", "tether:" + ticketRun + ":s3", "tether:" + edaRun + ":s4");

        Result first = importTether(file.toString());

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("4 llm_call steps")
                .contains("3 new, 0 already imported (marker " + file + ".llmwatch-imported)")
                .contains("1 still in flight (no completed_at, no error), left for a later import")
                .contains("2 other steps not imported (state_mutation 1, tool_call 1)");
        assertThat(first.err()).isEmpty();
        Map<String, List<LlmCall>> published = calls(ticketRun, edaRun);
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(published.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
        assertThat(published.get("tether:" + ticketRun + ":s1").get(0)).isEqualTo(new LlmCall(LlmCall.SCHEMA,
                "tether:" + ticketRun + ":s1", Instant.parse("2026-03-01T10:00:00Z"), "support", "summarize-ticket", "prod",
                ticketRun, null, "openai", "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", Json.mapper().readTree(OPENAI_INPUTS),
                "Disk is full.", "stop", new Usage(1500L, 12L, null, null, null), 842.5, null, null, null,
                Map.of("tether.run_name", "summarize-ticket", "tether.cost_usd", "0.000237"), null));
        LlmCall anthropic = published.get("tether:" + ticketRun + ":s3").get(0);
        assertThat(anthropic.outputText()).isEqualTo("Yes: a histogram.");
        assertThat(anthropic.finishReason()).isEqualTo("stop");
        assertThat(anthropic.usage()).isEqualTo(new Usage(40L, 6L, null, null, null));
        LlmCall failed = published.get("tether:" + edaRun + ":s4").get(0);
        assertThat(failed.app()).isEqualTo("tether");
        assertThat(failed.taskType()).isEqualTo("eda-titanic");
        assertThat(failed.error()).isEqualTo(new CallError("APITimeoutError", "Request timed out."));

        Result second = importTether(file.toString());

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("0 new, 3 already imported");
        assertThat(calls(ticketRun, edaRun).values()).as("nothing new on the topic").allSatisfy(copies -> assertThat(copies).hasSize(1));

        Result withoutMarker = importTether(file.toString(), "--no-marker");

        assertThat(withoutMarker.out()).contains("3 sent (no marker: calls of an earlier import are dropped downstream by call_id)");
        Map<String, List<LlmCall>> resent = calls(ticketRun, edaRun);
        assertThat(resent.keySet()).as("the same call_ids, nothing else").containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(resent.values()).as("each sent twice, identical").allSatisfy(copies -> {
            assertThat(copies).hasSize(2);
            assertThat(copies.get(1)).isEqualTo(copies.get(0));
        });
    }

    @Test
    void aCallInFlightIsImportedOnceItHasCompleted() throws Exception {
        Path file = dir.resolve("live.db");
        String runId = "run-" + UUID.randomUUID();
        try (Connection db = tetherFile(file)) {
            run(db, runId, "triage", "{}");
            step(db, "a", runId, 1, "llm_call", "openai", "gpt-4o", OPENAI_INPUTS, OPENAI_OUTPUTS, null, null, null, 500.0,
                    null, "2026-03-02T09:00:00Z", "2026-03-02T09:00:00.5Z");
            step(db, "b", runId, 2, "llm_call", "openai", "gpt-4o", OPENAI_INPUTS, null, null, null, null, null,
                    null, "2026-03-02T09:00:01Z", null);
        }
        assertThat(importTether(file.toString(), "--task", "triage-v2").out()).contains("1 new, 0 already imported")
                .contains("1 still in flight");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement complete = db.prepareStatement("UPDATE steps SET outputs = ?, completed_at = ? WHERE id = 'b'")) {
            complete.setString(1, OPENAI_OUTPUTS);
            complete.setString(2, "2026-03-02T09:00:02Z");
            complete.executeUpdate();
        }

        Result later = importTether(file.toString(), "--task", "triage-v2");

        assertThat(later.out()).contains("1 new, 1 already imported").doesNotContain("in flight");
        Map<String, List<LlmCall>> published = calls(runId);
        assertThat(published.keySet()).containsExactlyInAnyOrder("tether:" + runId + ":a", "tether:" + runId + ":b");
        assertThat(published.get("tether:" + runId + ":b")).singleElement()
                .satisfies(call -> assertThat(call.taskType()).isEqualTo("triage-v2"));
    }

    @Test
    void aStepThatIsNotAValidCallIsReportedByRowAndFieldAndTheOthersAreImported() throws Exception {
        Path file = dir.resolve("broken.db");
        String runId = "run-" + UUID.randomUUID();
        try (Connection db = tetherFile(file)) {
            run(db, runId, "triage", "{}");
            step(db, "good", runId, 1, "llm_call", "openai", "gpt-4o", OPENAI_INPUTS, OPENAI_OUTPUTS, null, null, null, 500.0,
                    null, "2026-03-02T09:00:00Z", "2026-03-02T09:00:00.5Z");
            step(db, "bad", runId, 2, "llm_call", "openai", "gpt-4o", OPENAI_INPUTS, "{\"choices\": [", null, null, null, 500.0,
                    null, "2026-03-02T09:00:01Z", "2026-03-02T09:00:01.5Z");
        }

        Result result = importTether(file.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("1 new, 0 already imported");
        assertThat(result.err()).contains("1 steps rejected, not imported:")
                .contains("run " + runId + " step 2 (id bad): outputs is not valid JSON: Unexpected end-of-input")
                .doesNotContain("Source");
        assertThat(calls(runId).keySet()).containsExactly("tether:" + runId + ":good");
    }

    @Test
    void aFileThatIsNotATetherDatabaseIsRefusedClearly() throws Exception {
        Path other = dir.resolve("other.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + other); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE notes (id TEXT)");
        }

        Path garbage = Files.writeString(dir.resolve("garbage.db"), "not a database at all, just text");

        Result notTether = importTether(other.toString());
        Result notSqlite = importTether(garbage.toString());
        Result missing = importTether(dir.resolve("missing.db").toString());
        Result slash = importTether(other.toString(), "--task", "a/b");

        assertThat(notTether.exit()).isEqualTo(2);
        assertThat(notTether.err()).contains("is not a Tether database: it has no table 'steps'");
        assertThat(notSqlite.exit()).isEqualTo(2);
        assertThat(notSqlite.err()).contains("cannot be read as a SQLite database");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
        assertThat(slash.exit()).isEqualTo(2);
        assertThat(slash.err()).contains("--task must be non-blank and without '/'");
        assertThat(Files.exists(dir.resolve("missing.db"))).as("never created").isFalse();
    }

    /** A new SQLite file with Tether's tables, as Tether creates them. */
    private static Connection tetherFile(Path file) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement sql = db.createStatement()) {
            sql.execute("PRAGMA journal_mode=WAL");
            sql.execute("""
                    CREATE TABLE runs (id TEXT PRIMARY KEY, name TEXT, status TEXT, created_at TEXT, updated_at TEXT,
                                       metadata TEXT DEFAULT '{}', config_hash TEXT DEFAULT '')""");
            sql.execute("""
                    CREATE TABLE steps (id TEXT PRIMARY KEY, run_id TEXT REFERENCES runs(id), sequence_number INTEGER,
                                        kind TEXT, provider TEXT, model TEXT, inputs TEXT, outputs TEXT,
                                        input_tokens INTEGER, output_tokens INTEGER, cost_usd TEXT, latency_ms REAL,
                                        error TEXT, created_at TEXT, completed_at TEXT, UNIQUE (run_id, sequence_number))""");
            sql.execute("""
                    CREATE TABLE checkpoints (id TEXT PRIMARY KEY, run_id TEXT REFERENCES runs(id), after_step_id TEXT,
                                              snapshot TEXT, created_at TEXT)""");
            sql.execute("""
                    CREATE TABLE failures (id TEXT PRIMARY KEY, run_id TEXT REFERENCES runs(id), step_id TEXT,
                                           error_type TEXT, error_message TEXT, provider TEXT, occurred_at TEXT,
                                           recovery_action TEXT, recovery_succeeded INTEGER)""");
        }
        return db;
    }

    private static void run(Connection db, String id, String name, String metadata) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO runs (id, name, status, created_at, updated_at, metadata) VALUES (?, ?, 'completed', ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, name);
            insert.setString(3, "2026-03-01T10:00:00+00:00");
            insert.setString(4, "2026-03-01T12:00:00+00:00");
            insert.setString(5, metadata);
            insert.executeUpdate();
        }
    }

    private static void step(Connection db, String id, String runId, int sequence, String kind, String provider, String model,
                             String inputs, String outputs, Integer inputTokens, Integer outputTokens, String costUsd,
                             Double latencyMs, String error, String createdAt, String completedAt) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                INSERT INTO steps (id, run_id, sequence_number, kind, provider, model, inputs, outputs, input_tokens,
                                   output_tokens, cost_usd, latency_ms, error, created_at, completed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            Object[] values = {id, runId, sequence, kind, provider, model, inputs, outputs, inputTokens, outputTokens, costUsd,
                    latencyMs, error, createdAt, completedAt};
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
    }

    /** Every call on llmwatch.calls of these runs, by call_id, in offset order: read up to the topic's end. */
    private static Map<String, List<LlmCall>> calls(String... runIds) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CALLS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records.stream()
                .filter(r -> List.of(runIds).stream().anyMatch(run -> r.key().startsWith("tether:" + run + ":")))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(
                        r -> Topics.CALLS.valueSerde().deserializer().deserialize(Topics.CALLS.name(), r.value()),
                        Collectors.toList())));
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result importTether(String file, String... options) {
        CommandLine cli = Llmwatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("import", "tether", file, "--bootstrap-servers", kafka.bootstrapServers()));
        args.addAll(List.of(options));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
