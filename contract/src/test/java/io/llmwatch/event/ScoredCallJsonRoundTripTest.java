package io.llmwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmwatch.json.Json;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The JSON of {@code llmwatch.scored} and {@code llmwatch.calls} over seeded hostile values (NaN,
 * infinities, -0.0, subnormal and extreme doubles, the largest longs, timestamps of year 1 and 2999,
 * unicode beyond the BMP, control characters, absent fields): a scored call reads back equal and means
 * what the JDK's {@code Double.toString} wrote before doubles were written with Schubfach; a call reads
 * back through {@link LlmCall#reader} with exactly the errors its in-memory value has.
 */
class ScoredCallJsonRoundTripTest {

    private static final int CASES = 2_000;
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Serde<ScoredCall> SCORED = Topics.SCORED.valueSerde();
    private static final Serde<LlmCall> CALLS = Topics.CALLS.valueSerde();
    private static final EventReader<LlmCall> READER = LlmCall.reader(EventTimeWindow.DEFAULT);
    /** llmwatch's mapper as it wrote doubles before: what consumers of the topic have read until now. */
    private static final ObjectMapper JDK_DOUBLES = jdkDoubles();

    private static final double[] DOUBLES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e-300, 1e23, 2e23, 0.1 + 0.2, 1.0 / 3, 1e308,
            86_400_000, 86_400_000.5, 100_000, 1e-7, 123456789.123};
    private static final Long[] LONGS = {null, 0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, LlmCall.MAX_TOKENS,
            LlmCall.MAX_TOKENS + 1, 1L << 53, (1L << 53) + 1};
    private static final Instant[] TIMES = {Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2999-12-31T23:59:59.999999999Z"),
            Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999Z"), NOW, NOW.minusNanos(1), NOW.plusSeconds(299)};
    private static final String[] TEXTS = {"", " ", "support", "ünïcødé", "日本語のテキスト", "🦜🦜 parrots 𝄞", "\u0000\u0001\u001f",
            "\"quoted\" \\ back/slash", "\u2028\u2029", "\u202eRTL", "lone \ud800 surrogate", "a/b", "x".repeat(200), "\uFEFFbom", "é\u0301"};

    @Test
    void aScoredCallReadsBackEqualAndMeansWhatItMeantBefore() throws IOException {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < CASES; i++) {
            ScoredCall call = scoredCall(random);

            byte[] json = SCORED.serializer().serialize("t", call);

            assertThat(SCORED.deserializer().deserialize("t", json)).as("case %d: %s", i, call).isEqualTo(call);
            assertThat(Json.mapper().readTree(json)).as("case %d", i)
                    .isEqualTo(JDK_DOUBLES.readTree(JDK_DOUBLES.writeValueAsBytes(call)));
        }
    }

    @Test
    void aCallIsReadWithExactlyTheErrorsOfItsValue() {
        SplittableRandom random = new SplittableRandom(17);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            LlmCall call = call(random);
            List<FieldError> expected = READER.errors(call, NOW);

            byte[] json = CALLS.serializer().serialize("t", call);

            if (expected.isEmpty()) {
                assertThat(READER.read(json, NOW)).as("case %d", i).isEqualTo(call);
                accepted++;
            } else {
                assertThat(catchThrowableOfType(ValidationException.class, () -> READER.read(json, NOW)))
                        .as("case %d: %s", i, call).isNotNull()
                        .extracting(ValidationException::errors).isEqualTo(expected);
            }
        }
        // both sides of the property are exercised
        assertThat(accepted).isBetween(CASES / 20, CASES - CASES / 20);
    }

    private static ScoredCall scoredCall(SplittableRandom random) {
        Map<String, Double> extra = new LinkedHashMap<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            extra.put(text(random), finiteOrNot(random));
        }
        return new ScoredCall(random.nextBoolean() ? null : ScoredCall.SCHEMA, text(random), time(random), text(random),
                text(random), maybe(random, text(random)), maybe(random, text(random)), maybe(random, text(random)),
                maybe(random, text(random)), text(random), text(random), maybe(random, text(random)), usage(random),
                maybe(random, finiteOrNot(random)), maybe(random, finiteOrNot(random)), cost(random), error(random),
                new Scores(maybe(random, finiteOrNot(random)), maybe(random, finiteOrNot(random)),
                        maybe(random, finiteOrNot(random)), maybe(random, finiteOrNot(random)),
                        maybe(random, finiteOrNot(random)), extra),
                attributes(random));
    }

    private static LlmCall call(SplittableRandom random) {
        ObjectNode request = null;
        if (random.nextBoolean()) {
            request = Json.mapper().createObjectNode().put("model", text(random)).put("temperature", finite(random));
            request.putArray("messages").addObject().put("role", "user").put("content", text(random));
        }
        // mostly plausible, so that a fair share is accepted
        boolean hostile = random.nextInt(3) == 0;
        return LlmCall.builder()
                .callId(hostile ? maybe(random, text(random)) : "call-" + random.nextInt(1_000_000))
                .timestamp(hostile ? maybe(random, time(random)) : NOW.minusMillis(random.nextInt(86_400_000)))
                .app(hostile ? maybe(random, text(random)) : "support")
                .taskType(hostile ? maybe(random, text(random)) : "summarize-ticket")
                .traceId(maybe(random, text(random))).sessionId(maybe(random, text(random)))
                .provider(maybe(random, text(random))).requestModel(hostile ? maybe(random, text(random)) : "gpt-4.1")
                .responseModel(maybe(random, text(random))).request(request).outputText(maybe(random, text(random)))
                .finishReason(maybe(random, text(random)))
                .usage(hostile ? usage(random) : Usage.of(random.nextInt(10_000), random.nextInt(1_000)))
                .latencyMs(hostile ? maybe(random, finiteOrNot(random)) : 1.0 + random.nextInt(5_000))
                .timeToFirstTokenMs(maybe(random, hostile ? finiteOrNot(random) : random.nextDouble() * 500))
                .cost(hostile ? cost(random) : null).error(error(random)).attributes(attributes(random))
                .build();
    }

    private static Usage usage(SplittableRandom random) {
        return random.nextInt(4) == 0 ? null : new Usage(longValue(random), longValue(random), longValue(random),
                longValue(random), longValue(random));
    }

    private static Cost cost(SplittableRandom random) {
        if (random.nextInt(4) == 0) {
            return null;
        }
        CostSource[] sources = CostSource.values();
        return new Cost(maybe(random, finiteOrNot(random)), maybe(random, random.nextBoolean() ? "USD" : text(random)),
                maybe(random, sources[random.nextInt(sources.length)]), maybe(random, text(random)));
    }

    private static CallError error(SplittableRandom random) {
        return random.nextInt(3) == 0 ? new CallError(maybe(random, text(random)), maybe(random, text(random))) : null;
    }

    private static Map<String, String> attributes(SplittableRandom random) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            attributes.put(text(random), text(random));
        }
        return attributes;
    }

    private static Double finiteOrNot(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> DOUBLES[random.nextInt(DOUBLES.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong());
            default -> finite(random);
        };
    }

    private static double finite(SplittableRandom random) {
        return random.nextBoolean() ? random.nextDouble() : random.nextDouble() * Math.pow(10, random.nextInt(-12, 12));
    }

    private static Long longValue(SplittableRandom random) {
        return random.nextBoolean() ? LONGS[random.nextInt(LONGS.length)] : (Long) random.nextLong(0, 100_000);
    }

    private static Instant time(SplittableRandom random) {
        return random.nextBoolean() ? TIMES[random.nextInt(TIMES.length)]
                : Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 32_503_680_000L), random.nextInt(1_000_000_000));
    }

    private static String text(SplittableRandom random) {
        return TEXTS[random.nextInt(TEXTS.length)] + (random.nextBoolean() ? "" : TEXTS[random.nextInt(TEXTS.length)]);
    }

    private static <T> T maybe(SplittableRandom random, T value) {
        return random.nextInt(5) == 0 ? null : value;
    }

    private static ObjectMapper jdkDoubles() {
        ObjectMapper mapper = Json.configure(JsonMapper.builder().build());
        mapper.getFactory().disable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature());
        return mapper;
    }
}
