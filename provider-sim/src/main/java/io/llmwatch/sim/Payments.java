package io.llmwatch.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link SimulatedProvider} would have charged: one payment per chat completion it answered
 * with a model's work (a 200 with an answer, streamed or not), counted per model and prompt (the
 * request's {@code messages}), so a test can tell how often the same prompt was paid for. When the
 * provider honours idempotency keys, the answer of a key seen before is given again without a new
 * payment, as OpenAI-style APIs that support {@code Idempotency-Key} do. Thread-safe.
 */
public final class Payments {

    private final Map<String, AtomicInteger> paid = new ConcurrentHashMap<>();
    private final Map<String, byte[]> answersByKey = new ConcurrentHashMap<>();
    private final AtomicInteger repeatedKeys = new AtomicInteger();

    /** The key payments are counted under: the model and the prompt. */
    public static String prompt(String model, JsonNode requestBody) {
        return model + " " + requestBody.path("messages");
    }

    void paid(String model, JsonNode requestBody) {
        paid.computeIfAbsent(prompt(model, requestBody), k -> new AtomicInteger()).incrementAndGet();
    }

    Optional<byte[]> answered(String idempotencyKey) {
        byte[] answer = answersByKey.get(idempotencyKey);
        if (answer != null) {
            repeatedKeys.incrementAndGet();
        }
        return Optional.ofNullable(answer);
    }

    void remember(String idempotencyKey, byte[] answer) {
        answersByKey.put(idempotencyKey, answer);
    }

    /** Payments per model and prompt ({@link #prompt}), sorted by key. */
    public Map<String, Integer> byPrompt() {
        Map<String, Integer> copy = new TreeMap<>();
        paid.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    public long total() {
        return paid.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    /** Requests answered again from a key seen before, without a payment. */
    public int repeatedKeys() {
        return repeatedKeys.get();
    }
}
