package io.llmwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.app.run.Component;
import io.llmwatch.app.run.LlmwatchRuntime;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.event.AlertStatus;
import io.llmwatch.event.AlertType;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Evidence;
import io.llmwatch.event.Interval;
import io.llmwatch.event.LatencyHistogram;
import io.llmwatch.event.ModelStanding;
import io.llmwatch.event.ModelStats;
import io.llmwatch.event.Recommendation;
import io.llmwatch.event.Severity;
import io.llmwatch.event.TimeWindow;
import io.llmwatch.event.Verdict;
import io.llmwatch.json.Json;
import io.llmwatch.price.PriceCatalog;
import io.llmwatch.topic.Topic;
import io.llmwatch.topic.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: llmwatch's query component on an embedded broker, the pipeline's
 * outputs (stats, comparisons with their history, recommendations, alerts) on their topics, and
 * headless Chromium rendering {@code /}. Skipped, saying why, where Chromium is not installed
 * ({@code apt-get install chromium}). Screenshots go to {@code target/dashboard*.png}.
 */
@EnabledIf(value = "io.llmwatch.app.query.Chromium#installed", disabledReason = "Chromium is not installed "
        + "(apt-get install chromium, or set LLMWATCH_CHROMIUM): the dashboard's browser test is skipped")
class DashboardBrowserTest {

    private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path TARGET = Path.of("target");

    static Chromium chromium;
    static LlmwatchRuntime runtime;
    static String url;
    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.find().orElseThrow();
        runtime = LlmwatchRuntime.start(new LlmwatchRuntime.Options(EnumSet.of(Component.QUERY), null, 0, 0, 0,
                work.resolve("state"), LlmwatchConfig.empty(), PriceCatalog.defaults(), 1));
        url = "http://127.0.0.1:" + runtime.queryPort() + "/";
        publishScenario(runtime.kafka().bootstrapServers());
        // The page renders what the API has: wait until the query views hold all of it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(get("api/leaderboard")).hasSize(6);
            assertThat(get("api/comparisons")).hasSize(3);
            assertThat(get("api/recommendations")).hasSize(2);
            assertThat(get("api/alerts")).hasSize(4);
            assertThat(get("api/comparisons/history?candidate=gpt-4.1-nano").get(0).get("points")).hasSize(60);
        });
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theDashboardShowsLeaderboardsChartsAndAlerts() throws Exception {
        String dom = chromium.dumpDom(url, work);
        Files.createDirectories(TARGET);
        Files.writeString(TARGET.resolve("dashboard-dom.html"), dom);

        // Overview: one card per task, with the recommendation and its projected saving
        assertThat(count(dom, "<article class=\"card\"")).isEqualTo(3);
        assertThat(dom).contains("switch from gpt-4.1").contains("$1,940 / month");
        // ... why (basis and evidence), and its open alerts linked to the timeline
        assertThat(dom).contains("paired non inferiority: gpt-4.1-mini is non-inferior to gpt-4.1 within 0.02 (n=900)")
                .contains("<p class=\"open-alerts bad\"><span class=\"label\">Open alerts</span><span><a href=\"#alert-a-quality-drift\">");
        // Leaderboard rows: production models and the replayed candidates
        assertThat(count(dom, "<tr class=\"row ")).isEqualTo(6 + 1);
        assertThat(dom).contains("<tr class=\"row incumbent\"").contains("0.812 ± 0.0").contains("<th scope=\"col\"");
        // ... usable from the keyboard and a screen reader: sort buttons that announce the order, a
        // focusable scroll region per table, and a skip link
        assertThat(count(dom, "aria-sort=\"ascending\"><button type=\"button\"")).isEqualTo(3);
        assertThat(count(dom, "<div class=\"table-wrap\" role=\"region\"")).isEqualTo(3);
        assertThat(dom).contains("class=\"skip\" href=\"#main\"");
        // Charts: a scatter with its Pareto frontier, incumbent and recommendation, and one delta chart per candidate
        assertThat(count(dom, "<svg class=\"scatter\"")).isEqualTo(3);
        assertThat(count(dom, "class=\"pareto\"")).isEqualTo(3);
        assertThat(dom).contains("class=\"point incumbent").contains("class=\"point production recommended");
        assertThat(count(dom, "<svg class=\"delta\"")).isEqualTo(3);
        assertThat(count(dom, "<polygon class=\"band\"")).isEqualTo(3);
        assertThat(count(dom, "<line class=\"margin-line\"")).as("in the 2 scatters of tasks with a margin, and 3 delta charts").isEqualTo(5);
        assertThat(count(dom, "<line class=\"restart\"")).as("the nano comparison restarted once").isEqualTo(1);
        assertThat(dom).contains("≈ 1,240 more pairs, ≈ $0.93");
        // ... the alarm where the nano comparison restarted, and each candidate's verdict
        assertThat(count(dom, "<path class=\"alarm\"")).isEqualTo(1);
        assertThat(dom).contains("<span class=\"badge verdict inconclusive\">inconclusive</span>")
                .contains("<span class=\"badge verdict non_inferior\">");
        assertThat(count(dom, "<div class=\"critical-dims\"")).isEqualTo(1);
        assertThat(dom).contains("<li class=\"blocks\"><strong>format</strong>").contains("— blocks the recommendation");
        // Alerts: the timeline, with the optimum change linked to the drift that caused it
        assertThat(count(dom, "<li class=\"alert ")).isEqualTo(4);
        assertThat(dom).contains("Caused by: <a href=\"#alert-a-quality-drift\" class=\"related-link\">quality drift");
        assertThat(dom).doesNotContain("Cannot reach the query API");
        // ... filterable by type and app
        assertThat(dom).contains("<option value=\"OPTIMAL_MODEL_CHANGED\">").contains("<select id=\"filter-app\">")
                .contains("<option value=\"analytics\">");
        // Live: the page polled again within its 8 s of virtual time, and the unchanged answers came back as 304s
        assertThat(send("metrics").body()).containsPattern("llmwatch_query_not_modified_total(\\{[^}]*})? [1-9]");

        chromium.screenshot(url, TARGET.resolve("dashboard.png"), 1280, 900, work);
        chromium.screenshot(url, TARGET.resolve("dashboard-full.png"), 1280, 3800, work);
        chromium.screenshot(url, TARGET.resolve("dashboard-phone.png"), 390, 1600, work);
        assertThat(Files.size(TARGET.resolve("dashboard.png"))).isGreaterThan(10_000);
    }

    @Test
    void theDashboardLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = send("");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).startsWith("default-src 'self'"));
        assertThat(page.body()).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
        // the only URL in the script is SVG's namespace name, which is never fetched
        assertThat(send("dashboard.js").body().replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("innerHTML");
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Three tasks. support/triage-agent: one model, and a token spiral. support/summarize-ticket: gpt-4.1 in production, gpt-4.1-mini shown non-inferior
     * and recommended, gpt-4.1-nano still undecided after a restart. analytics/extract-entities:
     * claude in production, one candidate found worse. Alerts: a quality drift that an
     * OPTIMAL_MODEL_CHANGED names as related, a resolved cost drift and a token spiral.
     */
    private static void publishScenario(String bootstrapServers) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            Publisher publish = new Publisher(producer);
            for (int w = 0; w < 6; w++) {
                Instant start = T0.plusSeconds(600L * w);
                for (ModelStats s : List.of(
                        stats("support", "summarize-ticket", "gpt-4.1", start, 400, 0.812, 0.0104, 1180, 2, 1800, 240),
                        stats("support", "summarize-ticket", "gpt-4o", start, 60, 0.78, 0.0125, 1320, 1, 1800, 250),
                        stats("support", "summarize-ticket", "gpt-4.1-mini", start, 40, 0.80, 0.0021, 720, 0, 1800, 260),
                        stats("support", "triage-agent", "gpt-4.1", start, 90, 0.88, 0.0310, 5200, 1, 6100, 420),
                        stats("analytics", "extract-entities", "claude-sonnet-4", start, 220, 0.74, 0.0150, 2100, 5, 2400, 310),
                        stats("analytics", "extract-entities", "gemini-2.5-flash", start, 30, 0.69, 0.0019, 640, 0, 2400, 280))) {
                    publish.value(Topics.MODEL_STATS, s.key().toString(), s);
                }
            }
            for (int i = 1; i <= 60; i++) {
                Instant at = T0.plusSeconds(60L * i);
                long n = 15L * i;
                publish.json(Topics.COMPARISONS, "support/summarize-ticket/gpt-4.1-mini", comparison("support",
                        "summarize-ticket", "gpt-4.1", "gpt-4.1-mini", n, -0.004 + 0.02 / Math.sqrt(i), 0.45 / Math.sqrt(n),
                        700 - n, 0.0021, 0.0104, at, 0));
                // the nano comparison restarted after its 25th update (a provider update changed the model)
                long nanoN = i <= 25 ? 8L * i : 8L * (i - 25);
                publish.json(Topics.COMPARISONS, "support/summarize-ticket/gpt-4.1-nano", comparison("support",
                        "summarize-ticket", "gpt-4.1", "gpt-4.1-nano", nanoN, i <= 25 ? -0.01 : -0.026 + 0.012 / Math.sqrt(i - 25),
                        0.45 / Math.sqrt(nanoN), i == 60 ? 1240L : 2000L - nanoN, 0.0007, 0.0104, at, i <= 25 ? 0 : 1));
                ObjectNode gemini = comparison("analytics", "extract-entities", "claude-sonnet-4", "gemini-2.5-flash",
                        10L * i, -0.05 - 0.01 / Math.sqrt(i), 0.45 / Math.sqrt(10.0 * i), 300 - 5L * i, 0.0019, 0.0150, at, 0);
                // with a critical dimension on which it is worse
                gemini.putArray("critical").addObject().put("dimension", "format").put("margin", 0.05).put("n", 10L * i)
                        .put("mean_delta", -0.2).put("verdict", "worse").put("state", "decided").put("restarts", 0)
                        .putObject("confidence_sequence").put("lower", -0.3).put("upper", -0.1).put("level", 0.95);
                publish.json(Topics.COMPARISONS, "analytics/extract-entities/gemini-2.5-flash", gemini);
            }
            Instant now = T0.plusSeconds(3600);
            TimeWindow hour = new TimeWindow(T0, now);
            publish.value(Topics.RECOMMENDATIONS, "support/summarize-ticket", new Recommendation(null, "support",
                    "summarize-ticket", "gpt-4.1-mini", "gpt-4.1", "paired_non_inferiority", hour, 0.02,
                    List.<ModelStanding>of(), "gpt-4.1-nano", 1, 1940.0, now,
                    "gpt-4.1-mini is non-inferior to gpt-4.1 within 0.02 (n=900) at 20 % of its cost"));
            publish.value(Topics.RECOMMENDATIONS, "analytics/extract-entities", new Recommendation(null, "analytics",
                    "extract-entities", "claude-sonnet-4", "claude-sonnet-4", "paired_non_inferiority", hour, 0.02,
                    List.<ModelStanding>of(), null, 0, 0.0, now, "no candidate is good enough: keep claude-sonnet-4"));
            publish.value(Topics.ALERTS, "a-quality-drift", alert("a-quality-drift", AlertType.QUALITY_DRIFT,
                    Severity.WARNING, "support", "summarize-ticket", "gpt-4.1", T0.plusSeconds(1500),
                    "quality of gpt-4.1 on support/summarize-ticket fell from 0.86 to 0.81", AlertStatus.FIRING, Map.of()));
            publish.value(Topics.ALERTS, "a-optimal", alert("a-optimal", AlertType.OPTIMAL_MODEL_CHANGED, Severity.INFO,
                    "support", "summarize-ticket", "gpt-4.1-mini", T0.plusSeconds(2700),
                    "switch support/summarize-ticket from gpt-4.1 to gpt-4.1-mini: non-inferior within 0.02, saves $1,940/month",
                    AlertStatus.FIRING, Map.of("related_alerts", List.of("QUALITY_DRIFT/support/summarize-ticket/gpt-4.1"))));
            publish.value(Topics.ALERTS, "a-cost", alert("a-cost", AlertType.COST_DRIFT, Severity.WARNING, "analytics",
                    "extract-entities", "claude-sonnet-4", T0.plusSeconds(900),
                    "cost per call of claude-sonnet-4 rose 38 % (price change)", AlertStatus.RESOLVED, Map.of()));
            publish.value(Topics.ALERTS, "a-spiral", alert("a-spiral", AlertType.TOKEN_SPIRAL, Severity.WARNING, "support",
                    "triage-agent", "gpt-4.1", T0.plusSeconds(3300),
                    "agent run r-17 of support/triage-agent: 40 calls, 9.2× the usual tokens", AlertStatus.FIRING, Map.of()));
            producer.flush();
        }
    }

    private record Publisher(KafkaProducer<String, byte[]> producer) {
        <V> void value(Topic<String, V> topic, String key, V value) {
            producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
        }

        /** As JSON, so that fields the record may gain (state, restarts, alarm) can be sent before it has them. */
        void json(Topic<String, ?> topic, String key, ObjectNode value) throws Exception {
            producer.send(new ProducerRecord<>(topic.name(), key, Json.mapper().writeValueAsBytes(value)));
        }
    }

    private static ModelStats stats(String app, String task, String model, Instant start, long calls, double quality,
                                    double cost, double p95, long errors, long inTokens, long outTokens) {
        LatencyHistogram latency = new LatencyHistogram();
        for (int i = 0; i < calls; i++) {
            latency.add(p95 * (0.4 + 0.65 * i / calls));
        }
        return new ModelStats(null, app, task, model, new TimeWindow(start, start.plusSeconds(600)), calls, errors,
                calls, 0, calls * cost, cost, calls * inTokens, calls * outTokens, p95 * 0.6, p95, quality, calls, latency);
    }

    /** A comparison whose verdict is read off its band at margin 0.02, as the scorer does. */
    private static ObjectNode comparison(String app, String task, String incumbent, String candidate, long n,
                                         double delta, double halfWidth, long morePairsIfUndecided,
                                         double candidateCost, double incumbentCost, Instant at, int restarts) {
        Interval cs = new Interval(Math.max(-1, delta - halfWidth), Math.min(1, delta + halfWidth), 0.95);
        String verdict = Verdict.of(cs, 0.02).json();
        Long morePairs = verdict.equals("inconclusive") ? morePairsIfUndecided : null;
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("app", app).put("task_type", task).put("incumbent", incumbent).put("candidate", candidate)
                .put("judge", "embedding").put("margin", 0.02).put("n", n).put("mean_delta", delta).put("std_dev", 0.12);
        c.putObject("bootstrap").put("lower", delta - halfWidth / 2).put("upper", delta + halfWidth / 2).put("level", 0.95);
        c.set("confidence_sequence", Json.mapper().valueToTree(cs));
        c.put("verdict", verdict);
        if (morePairs != null) {
            c.put("more_pairs_needed", morePairs).put("cost_of_more_pairs_usd", morePairs * 0.00075);
        }
        c.put("replays", n + n / 50).put("failures", n / 50).put("latency_p95_ms", 900.0)
                .put("candidate_cost_per_call", candidateCost).put("incumbent_cost_per_call", incumbentCost)
                .put("replay_spend_usd", n * 0.0003).put("updated_at", at.toString())
                .put("summary", verdict + " at margin 0.02 (n=" + n + ")")
                .put("state", "worse".equals(verdict) ? "decided" : !"inconclusive".equals(verdict) ? "monitoring"
                        : restarts > 0 ? "alarmed" : "accumulating")
                .put("restarts", restarts);
        if (restarts > 0) {
            c.put("alarm", "the paired deltas shifted down after a provider update");
        }
        return c;
    }

    private static DriftAlert alert(String id, AlertType type, Severity severity, String app, String task, String model,
                                    Instant at, String summary, AlertStatus status, Map<String, Object> details) {
        return new DriftAlert(null, id, type, severity, app, task, model, at, new TimeWindow(at.minusSeconds(600), at),
                summary, new Evidence("gpt-4.1", model, null, null, null, null, null, null, null, null, null, null, null,
                type == AlertType.OPTIMAL_MODEL_CHANGED ? 1940.0 : null, details),
                type + "/" + app + "/" + task + (type == AlertType.OPTIMAL_MODEL_CHANGED ? "" : "/" + model), status);
    }

    private static HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(path);
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }
}
