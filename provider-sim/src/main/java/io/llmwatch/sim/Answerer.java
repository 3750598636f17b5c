package io.llmwatch.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides what a simulated model answers. Everything is a function of the seed, the model, the
 * prompt and how often this model has been asked this prompt before, so a run can be reproduced;
 * whether an answer is correct is a draw below the model's quality, so raising the quality of a
 * model turns some of its wrong answers right and none of its right answers wrong. That draw is the
 * prompt's difficulty, shared by every model: a model of higher quality gets right every prompt a
 * lower-quality one gets right (on the same attempt), and more.
 */
final class Answerer {

    /** Bounds the per-prompt state of a long demo run; clearing it only restarts attempt counting. */
    private static final int MAX_REMEMBERED_PROMPTS = 100_000;
    private static final int DERIVED_ANSWER_WORDS = 12;

    private final long seed;
    private final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Set<Long> cachedPrefixes = ConcurrentHashMap.newKeySet();

    Answerer(long seed) {
        this.seed = seed;
    }

    SimulatedAnswer answer(SimulatedModel model, double quality, JsonNode request) {
        JsonNode messages = request.path("messages");
        String promptKey = messages.toString();
        int attempt = nextAttempt(Hashing.hash(model.id(), promptKey));
        double drawn = Hashing.uniform(seed, "nondeterminism", model.id(), promptKey, attempt);
        int draw = drawn < model.nondeterminism() ? attempt + 1 : 0;
        // A prompt's difficulty is the same for every model, as hard prompts are hard for every model:
        // the correctness draw does not depend on the model, so models of equal quality get the same
        // prompts right. Paired comparison exploits exactly this correlation.
        boolean correct = Hashing.uniform(seed, "correct", promptKey, draw) < quality;

        Expected expected = Expected.find(allText(messages)).orElseGet(() -> derived(lastUserText(messages)));
        long variant = Hashing.hash(seed, "variant", model.id(), promptKey, draw);
        JsonNode tools = request.path("tools");
        boolean toolCall = tools.isArray() && !tools.isEmpty();
        String answer = toolCall ? asJson(expected, correct, variant).toString()
                : asksForJson(request) ? asJson(expected, correct, variant).toString()
                : asText(expected, correct, variant);

        long typical = expected.tokens() != null ? expected.tokens() : Tokens.estimate(answer);
        double lengthDraw = Hashing.uniform(seed, "length", model.id(), promptKey, draw);
        long visible = Math.max(1, Math.round(typical * model.verbosity() * (0.85 + 0.3 * lengthDraw)));
        long completion = visible + model.reasoningTokens();
        String finish = toolCall ? "tool_calls" : "stop";
        long limit = maxTokens(request);
        if (!toolCall && limit > 0 && limit < completion) {
            long visibleLimit = Math.max(0, limit - model.reasoningTokens());
            answer = answer.substring(0, (int) Math.min(answer.length(), visibleLimit * Tokens.CHARS_PER_TOKEN));
            completion = limit;
            finish = "length";
        }
        long prompt = Tokens.estimate(messages) + (toolCall ? Tokens.estimate(tools.toString()) : 0);
        long cached = cached(model, messages);
        double latency = model.latency().millis(completion,
                Hashing.uniform(seed, "latency", model.id(), promptKey, attempt));
        String toolName = toolCall ? toolName(tools) : null;
        return new SimulatedAnswer(correct, toolCall ? null : answer, toolName, toolCall ? answer : null, finish,
                prompt, cached, completion, model.reasoningTokens(), latency);
    }

    private int nextAttempt(long promptHash) {
        if (attempts.size() > MAX_REMEMBERED_PROMPTS) {
            attempts.clear();
        }
        return attempts.computeIfAbsent(promptHash, k -> new AtomicInteger()).getAndIncrement();
    }

    /**
     * Prefix caching, simplified: the system messages are served from the cache when this model has
     * seen the same ones before (real providers also require a minimum length and cache in blocks).
     */
    private long cached(SimulatedModel model, JsonNode messages) {
        StringBuilder system = new StringBuilder();
        for (JsonNode message : messages) {
            if ("system".equals(message.path("role").asText())) {
                system.append(text(message.path("content")));
            }
        }
        if (system.length() == 0) {
            return 0;
        }
        if (cachedPrefixes.size() > MAX_REMEMBERED_PROMPTS) {
            cachedPrefixes.clear();
        }
        boolean seen = !cachedPrefixes.add(Hashing.hash(model.id(), system));
        return seen ? Tokens.estimate(system.toString()) : 0;
    }

    private static String asText(Expected expected, boolean correct, long variant) {
        if (expected.label() != null) {
            return correct ? expected.label() : wrongLabel(expected, variant);
        }
        if (expected.text() != null) {
            return correct ? expected.text() : degraded(expected);
        }
        return (correct ? expected.json() : wrongJson(expected.json(), variant)).toString();
    }

    private static JsonNode asJson(Expected expected, boolean correct, long variant) {
        if (expected.json() != null) {
            return correct ? expected.json() : wrongJson(expected.json(), variant);
        }
        ObjectNode object = Json.mapper().createObjectNode();
        if (expected.label() != null) {
            return object.put("label", asText(expected, correct, variant));
        }
        return object.put("answer", asText(expected, correct, variant));
    }

    private static String wrongLabel(Expected expected, long variant) {
        List<String> others = new ArrayList<>(expected.labels());
        others.remove(expected.label());
        return others.isEmpty() ? "unknown" : others.get((int) Math.floorMod(variant, (long) others.size()));
    }

    private static String degraded(Expected expected) {
        if (expected.degraded() != null) {
            return expected.degraded();
        }
        String[] words = expected.text().strip().split("\\s+");
        return String.join(" ", Arrays.copyOf(words, Math.max(1, words.length / 2))) + " … unclear.";
    }

    private static JsonNode wrongJson(JsonNode correct, long variant) {
        ObjectNode wrong = correct.deepCopy();
        List<String> fields = new ArrayList<>();
        wrong.fieldNames().forEachRemaining(fields::add);
        if (fields.isEmpty()) {
            return wrong.put("error", "unknown");
        }
        String field = fields.get((int) Math.floorMod(variant, (long) fields.size()));
        JsonNode value = wrong.get(field);
        if (value.isIntegralNumber()) {
            wrong.put(field, value.asLong() + 1);
        } else if (value.isNumber()) {
            wrong.put(field, value.asDouble() * 1.5);
        } else if (value.isBoolean()) {
            wrong.put(field, !value.asBoolean());
        } else {
            wrong.put(field, "unknown");
        }
        return wrong;
    }

    /** The correct answer to an untagged prompt: the start of its last user message, as a sentence. */
    private static Expected derived(String userText) {
        String[] words = userText.strip().split("\\s+");
        String canonical = "Answer: " + String.join(" ", Arrays.copyOf(words, Math.min(words.length, DERIVED_ANSWER_WORDS)));
        return Expected.text(canonical, null);
    }

    private static boolean asksForJson(JsonNode request) {
        String type = request.path("response_format").path("type").asText("");
        return type.equals("json_object") || type.equals("json_schema");
    }

    private static long maxTokens(JsonNode request) {
        JsonNode limit = request.hasNonNull("max_completion_tokens") ? request.get("max_completion_tokens")
                : request.path("max_tokens");
        return limit.canConvertToLong() ? limit.asLong() : 0;
    }

    private static String toolName(JsonNode tools) {
        JsonNode first = tools.get(0);
        String name = first.path("function").path("name").asText("");
        return name.isEmpty() ? first.path("name").asText("tool") : name;
    }

    private static String allText(JsonNode messages) {
        StringBuilder all = new StringBuilder();
        messages.forEach(message -> all.append(text(message.path("content"))).append('\n'));
        return all.toString();
    }

    private static String lastUserText(JsonNode messages) {
        String last = "";
        for (JsonNode message : messages) {
            if ("user".equals(message.path("role").asText())) {
                last = text(message.path("content"));
            }
        }
        return last;
    }

    /** A message's text: a string, or the text parts of a content array. */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            content.forEach(part -> text.append(part.path("text").asText("")));
        }
        return text.toString();
    }
}
