package io.llmwatch.collector.tether;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * A Tether SQLite file, opened read-only: Tether may still be writing to it (WAL mode), and an
 * import never changes it.
 */
final class TetherDatabase implements AutoCloseable {

    static final String LLM_CALL = "llm_call";
    private static final List<String> STEP_COLUMNS = List.of("id", "run_id", "sequence_number", "kind", "provider", "model",
            "inputs", "outputs", "input_tokens", "output_tokens", "cost_usd", "latency_ms", "error", "created_at", "completed_at");
    private static final List<String> RUN_COLUMNS = List.of("id", "name", "metadata");

    private final Path file;
    private final Connection connection;

    private TetherDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * @throws IllegalArgumentException when the file does not exist or lacks Tether's tables or columns
     */
    static TetherDatabase open(Path file) throws SQLException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist or is not a file");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        TetherDatabase database = new TetherDatabase(file, connection);
        try {
            database.requireColumns("steps", STEP_COLUMNS);
            database.requireColumns("runs", RUN_COLUMNS);
        } catch (SQLException e) {
            database.close();
            throw new IllegalArgumentException(file + " cannot be read as a SQLite database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    /** Every {@code llm_call} step with its run's name and metadata, in the order they were made. */
    List<TetherStep> llmCalls() throws SQLException {
        String sql = """
                SELECT s.id, s.run_id, s.sequence_number, s.provider, s.model, s.inputs, s.outputs, s.input_tokens,
                       s.output_tokens, s.cost_usd, s.latency_ms, s.error, s.created_at, s.completed_at, r.name, r.metadata
                FROM steps s LEFT JOIN runs r ON r.id = s.run_id
                WHERE s.kind = ?
                ORDER BY s.created_at, s.run_id, s.sequence_number""";
        List<TetherStep> steps = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, LLM_CALL);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Object sequence = rows.getObject(3);
                    steps.add(new TetherStep(rows.getString(1), rows.getString(2),
                            sequence instanceof Number n ? n.longValue() : null, rows.getString(4), rows.getString(5),
                            rows.getString(6), rows.getString(7), rows.getObject(8), rows.getObject(9),
                            rows.getString(10), rows.getObject(11), rows.getString(12), rows.getString(13),
                            rows.getString(14), rows.getString(15), rows.getString(16)));
                }
            }
        }
        return steps;
    }

    /** How many steps of each other kind ({@code tool_call}, {@code state_mutation}) the file holds. */
    Map<String, Long> otherSteps() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT kind, COUNT(*) FROM steps WHERE kind IS NOT ? GROUP BY kind ORDER BY kind")) {
            statement.setString(1, LLM_CALL);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    counts.put(String.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    private void requireColumns(String table, List<String> required) throws SQLException {
        Set<String> present = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    present.add(rows.getString(1));
                }
            }
        }
        if (present.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a Tether database: it has no table '" + table + "'");
        }
        List<String> missing = required.stream().filter(column -> !present.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a Tether database: table '" + table + "' has no column "
                    + String.join(", ", missing));
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
