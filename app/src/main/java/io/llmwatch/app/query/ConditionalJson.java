package io.llmwatch.app.query;

import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The query API's one home for conditional answers (RFC 9110 §8.8.3, §13.1.2): every JSON answer
 * carries a strong {@code ETag} derived from its bytes, and a request whose {@code If-None-Match}
 * names it gets {@code 304 Not Modified} without a body. The dashboard polls five calls every few
 * seconds; an unchanged leaderboard then costs a status line, not its whole body again.
 *
 * <p>The tag is computed from the serialised answer rather than kept as a version of the views:
 * the views are read from several topics, and a tag over the bytes is right by construction. The
 * answer is still built; what is saved is the transfer and the client's parse and redraw.
 */
final class ConditionalJson {

    private final Counter notModified;

    /** @param notModified counts the 304s: how many answers the clients did not need again */
    ConditionalJson(Counter notModified) {
        this.notModified = notModified;
    }

    /** Answers {@code value} as JSON, or 304 when the client already holds exactly these bytes. */
    void answer(Context ctx, Object value) {
        byte[] body = ctx.jsonMapper().toJsonString(value, value.getClass()).getBytes(StandardCharsets.UTF_8);
        String tag = tag(body);
        // no-cache: a browser may keep the answer but must ask again each time (with If-None-Match)
        ctx.header(Header.ETAG, tag).header(Header.CACHE_CONTROL, "no-cache");
        if (matches(ctx.header(Header.IF_NONE_MATCH), tag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            notModified.increment();
            return;
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(body);
    }

    /** A strong tag: the first 128 bits of the body's SHA-256, base64url, quoted. */
    static String tag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** {@code If-None-Match} uses the weak comparison: {@code W/"x"} matches {@code "x"}; {@code *} matches any. */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String t = candidate.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
