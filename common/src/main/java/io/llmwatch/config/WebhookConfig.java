package io.llmwatch.config;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.llmwatch.event.DriftAlert;
import io.llmwatch.event.Severity;
import io.llmwatch.validate.Checks;
import io.llmwatch.validate.FieldError;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A webhook that alerts are posted to (configured under {@code webhooks.<name>}). Secrets are never
 * configured directly: a Slack incoming-webhook URL, which is itself a credential, can be named by
 * environment variable ({@code url_env}), and so can header values ({@code headers_env}).
 *
 * @param url            where to POST, {@code http(s)://…}; or
 * @param urlEnv         the name of the environment variable holding that URL (exactly one of the two)
 * @param format         {@code generic} (the alert as JSON, schema {@code llmwatch.alert.v1}) or
 *                       {@code slack} ({@code {"text": …}}, for Slack and the many tools that accept it);
 *                       default generic
 * @param app            only alerts of this app; null for every app
 * @param minSeverity    only alerts at least this severe; default info (all)
 * @param maxAttempts    deliveries tried per alert before it is dropped (and counted); default 5
 * @param initialBackoff wait before the second attempt, doubled for each further one (with jitter);
 *                       a {@code Retry-After} from the server takes precedence; default 500ms
 * @param timeout        per attempt; default 10s
 * @param queueCapacity  alerts waiting for delivery at most; beyond it new alerts are dropped (and
 *                       counted) rather than making the caller wait; default 1000
 * @param headersEnv     extra request headers: header name → name of the environment variable
 *                       holding its value, e.g. {@code Authorization: ALERTS_WEBHOOK_AUTH}
 */
public record WebhookConfig(
        String url,
        String urlEnv,
        Format format,
        String app,
        Severity minSeverity,
        Integer maxAttempts,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration initialBackoff,
        @JsonDeserialize(using = DurationText.Deserializer.class) Duration timeout,
        Integer queueCapacity,
        Map<String, String> headersEnv) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** How an alert is written in the request body. */
    public enum Format {
        GENERIC, SLACK;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public WebhookConfig {
        format = format == null ? Format.GENERIC : format;
        minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        queueCapacity = queueCapacity == null ? 1000 : queueCapacity;
        headersEnv = headersEnv == null ? Map.of() : Map.copyOf(headersEnv);
    }

    /** A webhook to {@code url} in {@code format} for every alert, all else at the defaults. */
    public static WebhookConfig to(String url, Format format) {
        return new WebhookConfig(url, null, format, null, null, null, null, null, null, null);
    }

    /** True when {@code alert} is for this webhook: its app matches (or any app) and it is severe enough. */
    public boolean accepts(DriftAlert alert) {
        return (app == null || app.equals(alert.app()))
                && alert.severity() != null && alert.severity().compareTo(minSeverity) >= 0;
    }

    /** Field errors, each prefixed with {@code path} (e.g. {@code webhooks.slack}). */
    public List<FieldError> validate(String path) {
        Checks checks = new Checks()
                .check(url != null || urlEnv != null, path + ".url", "is required (or url_env, naming the environment variable that holds it)")
                .check(url == null || urlEnv == null, path + ".url", "must not be set together with url_env")
                .check(url == null || isHttpUrl(url), path + ".url", "must be an http:// or https:// URL")
                .check(urlEnv == null || ENV_NAME.matcher(urlEnv).matches(), path + ".url_env", "must name an environment variable")
                .check(maxAttempts >= 1, path + ".max_attempts", "must be >= 1")
                .check(initialBackoff.toMillis() > 0, path + ".initial_backoff", "must be positive")
                .check(timeout.toMillis() > 0, path + ".timeout", "must be positive")
                .check(queueCapacity >= 1, path + ".queue_capacity", "must be >= 1");
        headersEnv.forEach((header, env) -> checks
                .check(HEADER_NAME.matcher(header).matches(), path + ".headers_env." + header, "is not a valid header name")
                .check(env != null && ENV_NAME.matcher(env).matches(), path + ".headers_env." + header,
                        "must name an environment variable holding the value, not hold the value"));
        return checks.errors();
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
