package io.llmwatch.collector.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API keys the collector accepts, or explicitly none required ({@link #disabled()}).
 *
 * <p>Only SHA-256 hashes of the keys are kept. A presented key is hashed and compared with every
 * configured hash using {@link MessageDigest#isEqual} (constant time for equal lengths, and all
 * hashes have the same length), without stopping at the first match: how long the check takes
 * tells nothing about how close a guess was, nor which key matched.
 */
public final class ApiKeys {

    /** The environment variable with extra keys, comma-separated. */
    public static final String ENV_VARIABLE = "LLMWATCH_API_KEYS";
    /** Prefix of generated keys, so that a leaked one is recognisable (and masked by the redactor). */
    public static final String GENERATED_PREFIX = "lw_";

    private static final ApiKeys DISABLED = new ApiKeys(List.of(), false);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<byte[]> hashes;
    private final boolean required;

    private ApiKeys(List<byte[]> hashes, boolean required) {
        this.hashes = hashes;
        this.required = required;
    }

    /** Requires one of {@code keys} on every protected request; blank entries are ignored. */
    public static ApiKeys of(Collection<String> keys) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String key : keys) {
            if (key != null && !key.isBlank()) {
                distinct.add(key.trim());
            }
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("at least one API key is required; use ApiKeys.disabled() to switch auth off");
        }
        List<byte[]> hashes = new ArrayList<>(distinct.size());
        distinct.forEach(key -> hashes.add(sha256(key)));
        return new ApiKeys(List.copyOf(hashes), true);
    }

    /** No key required: every request is let in. Only for local experiments. */
    public static ApiKeys disabled() {
        return DISABLED;
    }

    /** The keys of a comma-separated list such as {@value #ENV_VARIABLE}'s value; empty for null. */
    public static List<String> parseList(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(key -> !key.isEmpty())
                .toList();
    }

    /** A new random key: {@value #GENERATED_PREFIX} and 32 random bytes, URL-safe base64. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return GENERATED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether requests must present a key. */
    public boolean required() {
        return required;
    }

    /** How many distinct keys are accepted. */
    public int size() {
        return hashes.size();
    }

    /** True when {@code presented} is one of the keys, or when no key is required. */
    public boolean accepts(String presented) {
        if (!required) {
            return true;
        }
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] hash = sha256(presented.trim());
        boolean match = false;
        for (byte[] known : hashes) {
            match |= MessageDigest.isEqual(known, hash);
        }
        return match;
    }

    /** Never shows the keys, not even hashed. */
    @Override
    public String toString() {
        return required ? "ApiKeys[" + hashes.size() + " key(s)]" : "ApiKeys[disabled]";
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
