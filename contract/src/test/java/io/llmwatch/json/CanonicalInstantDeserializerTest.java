package io.llmwatch.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast path for canonical instants must read exactly what jackson-datatype-jsr310 reads, and
 * refuse exactly what it refuses: every input is read by both and the outcomes compared.
 */
class CanonicalInstantDeserializerTest {

    private static final ObjectMapper STANDARD = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    /** The outcome of reading {@code json} as an Instant: the instant, or the exception's class. */
    private static Object outcome(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Instant.class);
        } catch (Exception e) {
            return e.getClass();
        }
    }

    private static String text(String s) {
        return "\"" + s + "\"";
    }

    @Test
    void reads_what_the_standard_deserializer_reads_and_refuses_what_it_refuses() {
        SplittableRandom random = new SplittableRandom(20261207);
        List<String> inputs = new ArrayList<>();
        // edges of every field, by hand
        for (String s : new String[] {"2026-12-07T10:00:00Z", "2026-12-07T10:00:00.1Z", "2026-12-07T10:00:00.123456789Z",
                "2026-12-07T10:00:00.1234567891Z", "2026-12-07T10:00:00.Z", "2026-12-07T10:00:00z", "2026-12-07t10:00:00Z",
                "2026-12-07T10:00:00", "2026-12-07T10:00:00+00:00", "2026-12-07T10:00:00+02:00", "2026-12-07T10:00:00.5+02:00",
                "2026-12-07 10:00:00Z", "0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "2999-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
                "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-01-00T00:00:00Z",
                "2026-12-07T24:00:00Z", "2026-12-07T23:60:00Z", "2026-12-07T23:59:60Z", "2026-06-30T23:59:60Z",
                "2026-12-07T1a:00:00Z", "2026-12-07T10:00:00.12a4Z", "２０２６-12-07T10:00:00Z", "2026-12-07T10:00:00.000000000Z",
                "", " 2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z "}) {
            inputs.add(text(s));
        }
        // not strings at all
        inputs.addAll(List.of("1733565600", "1733565600.5", "-1", "null", "true", "[]", "{}"));
        // seeded: valid instants of years 1 to 2999 with 0 to 9 fraction digits, then one character mutated
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("3000-01-01T00:00:00Z").getEpochSecond());
            String base = Instant.ofEpochSecond(seconds).toString().replace("Z", "");
            int fraction = random.nextInt(10);
            StringBuilder s = new StringBuilder(base);
            if (fraction > 0) {
                s.append('.');
                for (int d = 0; d < fraction; d++) {
                    s.append((char) ('0' + random.nextInt(10)));
                }
            }
            s.append('Z');
            if (random.nextInt(3) == 0) {
                int at = random.nextInt(s.length());
                s.setCharAt(at, "0123456789:-.TZ+x9 ".charAt(random.nextInt(19)));
            }
            inputs.add(text(s.toString()));
        }
        for (String json : inputs) {
            assertThat(outcome(Json.mapper(), json)).as(json).isEqualTo(outcome(STANDARD, json));
        }
    }

    @Test
    void the_canonical_form_takes_the_fast_path() throws Exception {
        assertThat(CanonicalInstantDeserializer.parseCanonical("2026-12-07T10:00:00.25Z"))
                .isEqualTo(Instant.parse("2026-12-07T10:00:00.25Z"));
        assertThat(CanonicalInstantDeserializer.parseCanonical("2026-12-07T10:00:00+00:00")).isNull();
        // and llmwatch's mapper reads instants with it
        DefaultDeserializationContext context = ((DefaultDeserializationContext) Json.mapper().getDeserializationContext())
                .createInstance(Json.mapper().getDeserializationConfig(), null, null);
        assertThat(context.findRootValueDeserializer(Json.mapper().constructType(Instant.class)))
                .isInstanceOf(CanonicalInstantDeserializer.class);
    }
}
