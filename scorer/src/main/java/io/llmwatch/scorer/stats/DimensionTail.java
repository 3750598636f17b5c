package io.llmwatch.scorer.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The per-dimension section appended to the binary statistics records: a count, then per dimension
 * its UTF-8 name (length-prefixed) and a fixed-width value. It is a tail so that records written
 * before dimensions existed (no tail) still read, as having none, without a format version bump.
 * Every value is written in {@value #VALUE_BYTES} bytes (a double and a long or int padded to 8).
 */
final class DimensionTail {

    private static final int VALUE_BYTES = 2 * Long.BYTES;

    private DimensionTail() {
    }

    static int size(Map<String, ?> dimensions) {
        if (dimensions.isEmpty()) {
            return 0;
        }
        int size = Integer.BYTES;
        for (String name : dimensions.keySet()) {
            size += Short.BYTES + name.getBytes(StandardCharsets.UTF_8).length + VALUE_BYTES;
        }
        return size;
    }

    static <V> ByteBuffer write(ByteBuffer buffer, Map<String, V> dimensions, BiConsumer<ByteBuffer, V> value) {
        if (dimensions.isEmpty()) {
            return buffer;
        }
        buffer.putInt(dimensions.size());
        dimensions.forEach((name, v) -> {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            buffer.putShort((short) bytes.length).put(bytes);
            int start = buffer.position();
            value.accept(buffer, v);
            buffer.position(start + VALUE_BYTES);
        });
        return buffer;
    }

    static <V> Map<String, V> read(ByteBuffer buffer, Function<ByteBuffer, V> value) {
        Map<String, V> dimensions = new LinkedHashMap<>();
        if (!buffer.hasRemaining()) {
            return dimensions;
        }
        int count = buffer.getInt();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[Short.toUnsignedInt(buffer.getShort())];
            buffer.get(name);
            int start = buffer.position();
            dimensions.put(new String(name, StandardCharsets.UTF_8), value.apply(buffer));
            buffer.position(start + VALUE_BYTES);
        }
        return dimensions;
    }
}
