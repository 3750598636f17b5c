package io.llmwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code llmwatch demo --duration 60s}, as the README promises it, on the real path: candidates are
 * replayed against the simulated provider over HTTP and compared with the incumbent, an
 * {@code OPTIMAL_MODEL_CHANGED} alert comes from paired evidence, and the scripted provider update
 * and token spiral raise their alerts. Free ports, so it runs beside anything else on the machine.
 */
class DemoCommandTest {

    @Test
    void theDemoReplaysCandidatesAndAlertsOnPairedEvidenceAndScriptedDrift() throws Exception {
        StringWriter out = new StringWriter();
        var cli = Llmwatch.commandLine();
        cli.setOut(new PrintWriter(out, true));

        // On a thread of its own: the common pool is also where HttpClient completes its futures
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<Integer> demo = runner.submit(() -> cli.execute("demo", "--duration", "60s",
                "--kafka-port", "0", "--collector-port", "0", "--query-port", "0", "--table-every", "20s"));
        runner.shutdown();
        // While it runs, the dashboard it announces is served, with its data
        Pattern dashboardLine = Pattern.compile("Dashboard: (http://127\\.0\\.0\\.1:\\d+/) ");
        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> dashboardLine.matcher(out.toString()).find() || demo.isDone());
        Matcher dashboard = dashboardLine.matcher(out.toString());
        assertThat(dashboard.find()).as(out.toString()).isTrue();
        assertThat(fetch(dashboard.group(1))).contains("dashboard.js");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fetch(dashboard.group(1) + "api/leaderboard").startsWith("[{"));
        int exit = demo.get();

        String printed = out.toString();
        assertThat(exit).as(printed).isZero();
        assertThat(printed).as(printed).contains("The demo is ephemeral: its broker and state live in temporary directories");
        assertThat(printed).as(printed).contains("simulated provider (not a real LLM) on http://127.0.0.1:");
        Matcher summary = Pattern.compile("replays ([0-9,]+) · paired deltas ([0-9,]+) over (\\d+) comparisons").matcher(printed);
        assertThat(summary.find()).as(printed).isTrue();
        assertThat(number(summary.group(1))).as("replays").isGreaterThan(500);
        assertThat(number(summary.group(2))).as("paired deltas").isGreaterThan(500);
        assertThat(Integer.parseInt(summary.group(3))).as("comparisons with pairs").isGreaterThanOrEqualTo(6);
        assertThat(printed).as(printed).containsPattern(
                "support/classify-intent\\s+claude-haiku-4-5 vs claude-sonnet-4-6\\s+[-+]\\d\\.\\d{3}\\s+\\[.*\\]\\s+\\[.*\\]\\s+\\d+ non_inferior");
        assertThat(printed).as(printed).contains(">>> ALERT OPTIMAL_MODEL_CHANGED firing");
        assertThat(printed).as(printed).containsPattern(
                "from claude-sonnet-4-6 to claude-haiku-4-5 · cost per call \\$[0-9.]+ → \\$[0-9.]+ · projected saving \\$[0-9,.]+/month · basis paired_non_inferiority");
        assertThat(printed).as(printed).contains(">>> ALERT QUALITY_DRIFT firing [", "analytics/extract-entities");
        assertThat(printed).as(printed).contains(">>> ALERT TOKEN_SPIRAL firing [");
        assertThat(printed).as(printed).contains("batches rejected 0 · HTTP failures 0 · failed calls 0");
    }

    private static String fetch(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
