package io.llmwatch.redact;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Credential-looking fields of a recorded request body ({@code api_key}, {@code password},
 * {@code secret}, {@code token}, {@code authorization}, …): the one rule for which fields are removed
 * before a body reaches {@code llmwatch.calls} ({@link Redactor}) or {@code llmwatch.replay.requests}
 * (the replay planner), so that they are neither stored nor replayed to another provider.
 *
 * <p>A name is compared without case, {@code _} and {@code -}: it is a credential when it is one of
 * {@link #NAMES} or ends with one of {@link #SUFFIXES}. Counters such as {@code max_tokens} or
 * {@code prompt_tokens} are not: {@code token} must be the whole name.
 */
public final class Credentials {

    /** Whole names (normalised) that hold a credential. */
    static final Set<String> NAMES = Set.of("token", "auth", "authorization", "password", "passwd", "pwd", "secret",
            "apikey", "credential", "credentials", "cookie", "setcookie", "bearer", "privatekey", "sessionid");
    /** Name endings (normalised) that hold a credential, e.g. {@code openai_api_key}, {@code client_secret}. */
    static final Set<String> SUFFIXES = Set.of("apikey", "password", "secret", "accesstoken", "refreshtoken",
            "idtoken", "authtoken", "sessiontoken", "bearertoken", "privatekey", "secretkey", "accesskey");

    private Credentials() {
    }

    /** Whether a field of this name holds a credential. */
    public static boolean isCredential(String fieldName) {
        if (fieldName == null) {
            return false;
        }
        String name = fieldName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (NAMES.contains(name)) {
            return true;
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** The node without credential fields, at any depth; the same instance when it has none. */
    public static JsonNode strip(JsonNode node) {
        return JsonRewrite.rewrite(node, Credentials::isCredential, UnaryOperator.identity());
    }
}
