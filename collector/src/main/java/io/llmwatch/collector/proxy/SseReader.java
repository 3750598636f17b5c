package io.llmwatch.collector.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a server-sent-events body into events as they arrive: each event's exact bytes (to relay
 * unchanged) and its {@code data} (the {@code data:} lines joined by newlines), returned as soon as
 * the blank line that ends it is read, never waiting for more.
 */
final class SseReader {

    /**
     * One event.
     *
     * @param raw  the bytes as received, blank line included
     * @param data the event's data, or null when it has no {@code data:} line (a comment, a keep-alive)
     */
    record Event(byte[] raw, String data) {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** The next event, or null at the end of the body; a last event without its blank line is returned too. */
    Event next() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(256);
        StringBuilder data = null;
        while (true) {
            int lineStart = raw.size();
            if (!readLine(raw)) {
                return raw.size() == 0 ? null : new Event(raw.toByteArray(), data == null ? null : data.toString());
            }
            byte[] all = raw.toByteArray();
            int end = all.length;
            while (end > lineStart && (all[end - 1] == '\n' || all[end - 1] == '\r')) {
                end--;
            }
            if (end == lineStart) {
                return new Event(all, data == null ? null : data.toString());
            }
            String line = new String(all, lineStart, end - lineStart, StandardCharsets.UTF_8);
            if (line.startsWith("data:")) {
                String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
    }

    /** Appends one line, terminator included; false when the body ended before any byte of it. */
    private boolean readLine(ByteArrayOutputStream raw) throws IOException {
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any;
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            boolean complete = position < limit;
            if (complete) {
                position++;
            }
            raw.write(buffer, start, position - start);
            any = true;
            if (complete) {
                return true;
            }
        }
    }
}
