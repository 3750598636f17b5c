package io.llmwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {

    private static final List<String> LABELS = List.of("bug", "billing", "feature", "other");
    private static final String KEY = "sk-simulated-test-key";

    private static SimulatedProvider sim;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        sim = SimulatedProvider.builder()
                .model(SimulatedModel.of("sim-large", 0.95))
                .model(SimulatedModel.of("sim-small", 0.80))
                .model(SimulatedModel.of("sim-reasoner", 0.9).withReasoningTokens(64))
                .model(SimulatedModel.of("sim-moody", 0.5).withNondeterminism(1.0))
                .model(SimulatedModel.of("sim-embed", 1.0))
                .apiKey(KEY)
                .maxHang(Duration.ofSeconds(30))
                .start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void reset() {
        sim.faults().clear();
        sim.requests().clear();
    }

    @Test
    void aModelIsCorrectAboutAsOftenAsItsQualitySays() {
        int prompts = 4000;
        long small = 0;
        long large = 0;
        for (int i = 0; i < prompts; i++) {
            ObjectNode request = request(ticket(i));
            small += sim.answer("sim-small", request).correct() ? 1 : 0;
            large += sim.answer("sim-large", request).correct() ? 1 : 0;
        }
        assertThat(small / (double) prompts).isCloseTo(0.80, within(0.03));
        assertThat(large / (double) prompts).isCloseTo(0.95, within(0.02));
    }

    @Test
    void aCorrectAnswerIsTheExpectedLabelAndAWrongOneAnotherLabel() {
        for (int i = 0; i < 200; i++) {
            String correct = LABELS.get(i % LABELS.size());
            SimulatedAnswer answer = sim.answer("sim-small", request(ticket(i)));
            assertThat(answer.content()).isIn(LABELS);
            assertThat(answer.content().equals(correct)).isEqualTo(answer.correct());
        }
    }

    @Test
    void raisingQualityOnlyTurnsWrongAnswersRight() {
        try (SimulatedProvider own = SimulatedProvider.builder().model(SimulatedModel.of("m", 0.5)).start()) {
            List<Boolean> before = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                before.add(own.answer("m", request(ticket(i))).correct());
            }
            own.setQuality("m", 0.9);
            long nowRight = 0;
            for (int i = 0; i < 500; i++) {
                boolean after = own.answer("m", request(ticket(i))).correct();
                if (before.get(i)) {
                    assertThat(after).as("prompt %d stays right", i).isTrue();
                }
                nowRight += after ? 1 : 0;
            }
            assertThat(nowRight).isGreaterThan(before.stream().filter(b -> b).count() + 100);
        }
    }

    @Test
    void answersAreReproducibleFromTheSeedAndVaryOnlyWithNondeterminism() {
        try (SimulatedProvider first = SimulatedProvider.builder().seed(7)
                .model(SimulatedModel.of("steady", 0.5)).model(SimulatedModel.of("moody", 0.5).withNondeterminism(1.0)).start();
             SimulatedProvider second = SimulatedProvider.builder().seed(7)
                     .model(SimulatedModel.of("steady", 0.5)).model(SimulatedModel.of("moody", 0.5).withNondeterminism(1.0)).start()) {
            int changed = 0;
            for (int i = 0; i < 100; i++) {
                ObjectNode request = request(ticket(i));
                SimulatedAnswer steady = first.answer("steady", request);
                assertThat(first.answer("steady", request).content()).isEqualTo(steady.content());
                SimulatedAnswer moody = first.answer("moody", request);
                SimulatedAnswer moodyAgain = first.answer("moody", request);
                changed += moody.content().equals(moodyAgain.content()) ? 0 : 1;
                // the same seed, model, prompt and attempt give the same answer in another provider
                assertThat(second.answer("moody", request).content()).isEqualTo(moody.content());
                assertThat(second.answer("moody", request).content()).isEqualTo(moodyAgain.content());
            }
            assertThat(changed).isGreaterThan(20);
        }
    }

    @Test
    void freeTextJsonAndToolCallsFollowTheExpectedAnswer() {
        ObjectNode text = request("Summarise. " + Expected.text("Exports fail for multi-workspace accounts.",
                "Something about exports.").tag());
        SimulatedAnswer answer = sim.answer("sim-large", text);
        assertThat(answer.content()).isIn("Exports fail for multi-workspace accounts.", "Something about exports.");

        ObjectNode fields = Json.mapper().createObjectNode().put("city", "Oslo").put("days", 3);
        ObjectNode extraction = request("Extract. " + Expected.json(fields).tag());
        extraction.putObject("response_format").put("type", "json_object");
        JsonNode extracted = parse(sim.answer("sim-large", extraction).content());
        assertThat(extracted.fieldNames()).toIterable().containsExactlyInAnyOrder("city", "days");

        ObjectNode tools = request("Book it. " + Expected.json(fields).tag());
        tools.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "book_trip");
        SimulatedAnswer call = sim.answer("sim-large", tools);
        assertThat(call.content()).isNull();
        assertThat(call.toolName()).isEqualTo("book_trip");
        assertThat(call.finishReason()).isEqualTo("tool_calls");
        assertThat(parse(call.toolArguments()).has("city")).isTrue();

        ObjectNode untagged = request("What is the status of order 1234 placed yesterday by the customer?");
        assertThat(sim.answer("sim-large", untagged).content()).startsWith("Answer: ");
    }

    @Test
    void aChatCompletionIsShapedLikeOpenAisWithUsageDetails() throws Exception {
        ObjectNode body = request(ticket(1));
        body.put("model", "sim-reasoner");
        HttpResponse<String> response = post("/chat/completions", body, KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode json = parse(response.body());
        assertThat(json.path("id").asText()).startsWith("chatcmpl-");
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.path("created").isIntegralNumber()).isTrue();
        assertThat(json.path("model").asText()).isEqualTo("sim-reasoner");
        JsonNode choice = json.path("choices").path(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isIn(LABELS);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = json.path("usage");
        long completion = usage.path("completion_tokens").asLong();
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(usage.path("prompt_tokens").asLong() + completion);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(64);
        assertThat(completion).isGreaterThan(64);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").isIntegralNumber()).isTrue();

        // the same system prompt again: served from the prefix cache
        ObjectNode again = request(ticket(2));
        again.put("model", "sim-reasoner");
        JsonNode second = parse(post("/chat/completions", again, KEY).body());
        long cached = second.path("usage").path("prompt_tokens_details").path("cached_tokens").asLong();
        assertThat(cached).isPositive().isLessThan(second.path("usage").path("prompt_tokens").asLong());
    }

    @Test
    void aStreamedCompletionEndsWithAUsageChunkAndDone() throws Exception {
        ObjectNode body = request(ticket(3));
        String whole = parse(post("/chat/completions", body, KEY).body()).path("choices").path(0).path("message")
                .path("content").asText();
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        HttpResponse<String> response = post("/chat/completions", body, KEY);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> events = List.of(response.body().split("\n\n"));
        assertThat(events).allMatch(e -> e.startsWith("data: "));
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(e -> parse(e.substring(6))).toList();
        assertThat(chunks).allMatch(c -> c.path("object").asText().equals("chat.completion.chunk"));
        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("completion_tokens").asLong()).isPositive();
        assertThat(chunks.get(0).path("choices").path(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(chunks.size() - 2).path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        StringBuilder text = new StringBuilder();
        chunks.subList(0, chunks.size() - 1).forEach(c -> {
            assertThat(c.has("usage")).isTrue();
            assertThat(c.path("usage").isNull()).isTrue();
            text.append(c.path("choices").path(0).path("delta").path("content").asText(""));
        });
        assertThat(text.toString()).isEqualTo(whole);

        body.remove("stream_options");
        List<String> plain = List.of(post("/chat/completions", body, KEY).body().split("\n\n"));
        assertThat(plain.stream().filter(e -> e.contains("\"usage\""))).isEmpty();
    }

    @Test
    void embeddingsPutParaphrasesCloserThanUnrelatedTexts() throws Exception {
        ObjectNode body = Json.mapper().createObjectNode().put("model", "sim-embed");
        body.putArray("input")
                .add("The export fails for accounts with several workspaces.")
                .add("Exporting breaks when an account has multiple workspaces.")
                .add("The weather in Oslo is sunny and warm today.");
        JsonNode json = parse(post("/embeddings", body, KEY).body());
        assertThat(json.path("object").asText()).isEqualTo("list");
        assertThat(json.path("usage").path("prompt_tokens").asLong()).isPositive();
        List<float[]> vectors = new ArrayList<>();
        json.path("data").forEach(item -> {
            float[] v = new float[item.path("embedding").size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) item.path("embedding").get(i).asDouble();
            }
            vectors.add(v);
        });
        assertThat(vectors).hasSize(3).allMatch(v -> v.length == HashedEmbeddings.DIMENSIONS);
        double paraphrase = HashedEmbeddings.cosine(vectors.get(0), vectors.get(1));
        double unrelated = HashedEmbeddings.cosine(vectors.get(0), vectors.get(2));
        assertThat(paraphrase).isGreaterThan(unrelated + 0.2);
        assertThat(HashedEmbeddings.cosine(vectors.get(0), vectors.get(0))).isCloseTo(1.0, within(1e-6));

        body.put("encoding_format", "base64");
        JsonNode encoded = parse(post("/embeddings", body, KEY).body());
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded.path("data").path(0).path("embedding")
                .asText())).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.getFloat(0)).isEqualTo(vectors.get(0)[0]);
    }

    @Test
    void modelsAreListedAndTheKeyIsRequiredButNeverLogged() throws Exception {
        HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/models"))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(parse(models.body()).path("data").findValuesAsText("id")).contains("sim-large", "sim-small");

        assertThat(post("/chat/completions", request(ticket(1)), "wrong-key").statusCode()).isEqualTo(401);
        assertThat(post("/chat/completions", request(ticket(1)), null).statusCode()).isEqualTo(401);
        ObjectNode unknown = request(ticket(1)).put("model", "gpt-unknown");
        assertThat(post("/chat/completions", unknown, KEY).statusCode()).isEqualTo(404);
        assertThat(sim.requests().all()).extracting(LoggedRequest::authorized).containsExactly(true, false, false, true);
        assertThat(sim.requests().all()).allSatisfy(r -> {
            assertThat(r.headers()).doesNotContainKey("authorization");
            assertThat(r.toString()).doesNotContain(KEY);
        });
    }

    @Test
    void injectedFaultsHitTheNextRequestsOfTheirModel() throws Exception {
        sim.faults().next("sim-small", 2, Fault.serverError())
                .next("sim-small", 1, Fault.rateLimited(3))
                .next("sim-small", 1, Fault.malformed());
        ObjectNode body = request(ticket(1));
        assertThat(post("/chat/completions", body.deepCopy().put("model", "sim-large"), KEY).statusCode()).isEqualTo(200);
        assertThat(post("/chat/completions", body, KEY).statusCode()).isEqualTo(500);
        assertThat(post("/chat/completions", body, KEY).statusCode()).isEqualTo(500);
        HttpResponse<String> limited = post("/chat/completions", body, KEY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValue("3");
        HttpResponse<String> malformed = post("/chat/completions", body, KEY);
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(isJson(malformed.body())).isFalse();
        assertThat(post("/chat/completions", body, KEY).statusCode()).isEqualTo(200);
        assertThat(sim.requests().count("sim-small")).isEqualTo(5);
        assertThat(sim.requests().forModel("sim-small")).extracting(LoggedRequest::fault).containsExactly(
                "ServerError[status=500]", "ServerError[status=500]", "RateLimited[retryAfter=3]", "Malformed[]", null);
    }

    @Test
    void aHangingRequestHoldsItsSlotUntilReleasedWhileOthersAreServed() throws Exception {
        sim.faults().next("sim-small", 1, Fault.hang());
        CompletableFuture<HttpResponse<String>> hanging = HTTP.sendAsync(HttpRequest.newBuilder(
                        URI.create(sim.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(request(ticket(1)).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests().concurrent() == 1);
        assertThat(post("/chat/completions", request(ticket(2)), KEY).statusCode()).isEqualTo(200);
        assertThat(hanging).isNotDone();
        sim.releaseHangs();
        assertThat(hanging).failsWithin(Duration.ofSeconds(30));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sim.requests().concurrent() == 0);
        assertThat(sim.requests().maxConcurrent()).isEqualTo(2);
    }

    @Test
    void theResponsesAndMessagesApisAnswerTheSamePromptAsChatInTheirOwnShapes() throws Exception {
        ObjectNode chat = request(ticket(3));
        ObjectNode responses = Json.mapper().createObjectNode().put("model", "sim-small").put("temperature", 0.2)
                .put("instructions", "You label support tickets.").put("input", ticket(3));
        ObjectNode messages = Json.mapper().createObjectNode().put("model", "sim-small").put("temperature", 0.2)
                .put("max_tokens", 4096).put("system", "You label support tickets.");
        messages.putArray("messages").addObject().put("role", "user").put("content", ticket(3));

        String label = parse(post("/chat/completions", chat, KEY).body()).at("/choices/0/message/content").asText();
        JsonNode response = parse(post("/responses", responses, KEY).body());
        HttpResponse<String> noVersion = post("/messages", messages, KEY);
        JsonNode message = parse(HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/messages"))
                .header("x-api-key", KEY).header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(messages.toString())).build(),
                HttpResponse.BodyHandlers.ofString()).body());

        assertThat(response.get("object").asText()).isEqualTo("response");
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo(label);
        assertThat(response.at("/usage/input_tokens").asLong()).isPositive();
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.at("/content/0/text").asText()).isEqualTo(label);
        assertThat(message.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(sim.requests().last().headers()).doesNotContainKey("x-api-key");
    }

    private static String ticket(int i) {
        return "Classify support ticket #" + i + ": the customer writes about item " + (i * 31 % 97) + ". "
                + Expected.label(LABELS.get(i % LABELS.size()), LABELS).tag();
    }

    private static ObjectNode request(String prompt) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", "sim-small").put("temperature", 0.2);
        body.putArray("messages")
                .add(Json.mapper().createObjectNode().put("role", "system").put("content", "You label support tickets."))
                .add(Json.mapper().createObjectNode().put("role", "user").put("content", prompt));
        return body;
    }

    private static HttpResponse<String> post(String path, JsonNode body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static boolean isJson(String text) {
        try {
            Json.mapper().readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
