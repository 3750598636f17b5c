package io.llmwatch.scorer.provider;

/**
 * The {@code error.type} values of failed provider calls ({@link ChatResult#error()},
 * {@code ReplayResult.error}): stable, for dashboards and error-rate breakdowns.
 */
public final class ErrorTypes {

    /** No answer within the provider's timeout (on the last attempt). */
    public static final String TIMEOUT = "timeout";
    /** The provider could not be reached: refused, reset or closed connection. */
    public static final String CONNECTION = "connection_error";
    /** HTTP 429, after the retries allowed. */
    public static final String RATE_LIMITED = "rate_limited";
    /** HTTP 5xx, after the retries allowed. */
    public static final String SERVER_ERROR = "server_error";
    /** HTTP 401 or 403: the key is missing, wrong or not allowed. */
    public static final String AUTH = "auth_error";
    /** HTTP 404: usually a model the provider does not serve. */
    public static final String NOT_FOUND = "not_found";
    /** Any other HTTP 4xx: the request itself was refused; not retried. */
    public static final String CLIENT_ERROR = "client_error";
    /** A success status whose body is not the JSON expected. */
    public static final String INVALID_RESPONSE = "invalid_response";
    /** Rejected without a request: the provider's circuit breaker is open. */
    public static final String CIRCUIT_OPEN = "circuit_open";
    /** No configured provider serves the model. */
    public static final String NO_PROVIDER = "no_provider";
    /**
     * Not sent: a replay worker crashed while this replay was under way, so the provider may already
     * have been paid for it, and it does not honour idempotency keys (see {@code ReplayLedger}). Says
     * nothing about the model: not counted in its replay error rate.
     */
    public static final String INTERRUPTED = "interrupted";
    /** The environment variable named by {@code api_key_env} is not set. */
    public static final String MISSING_API_KEY = "missing_api_key";
    /**
     * Rejected without a request: the call was made with an API (Responses, Messages) that the
     * target's provider does not serve, and its request does not translate to one it serves without loss.
     */
    public static final String UNSUPPORTED_API = "unsupported_api";

    private ErrorTypes() {
    }
}
