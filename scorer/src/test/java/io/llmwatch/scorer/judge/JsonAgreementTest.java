package io.llmwatch.scorer.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import org.junit.jupiter.api.Test;

class JsonAgreementTest {

    private final JsonAgreement agreement = new JsonAgreement();

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private FieldAgreement compare(String a, String b) {
        return agreement.compare(json(a), json(b));
    }

    @Test
    void objects_agree_field_by_field_over_the_union_of_keys() {
        assertThat(compare("{\"intent\":\"billing\",\"priority\":\"high\",\"refund\":true}",
                "{\"intent\":\"Billing\",\"priority\":\"low\",\"refund\":true}"))
                .isEqualTo(new FieldAgreement(2, 3));
        // a key only one side has counts against agreement
        assertThat(compare("{\"a\":1,\"b\":2}", "{\"a\":1,\"c\":2}")).isEqualTo(new FieldAgreement(1, 3));
    }

    @Test
    void every_leaf_weighs_the_same_however_deep() {
        FieldAgreement nested = compare(
                "{\"customer\":{\"name\":\"Ann\",\"address\":{\"city\":\"Lisbon\",\"zip\":\"1000\"}},\"total\":12.5}",
                "{\"customer\":{\"name\":\"ann\",\"address\":{\"city\":\"Porto\",\"zip\":\"1000\"}},\"total\":12.50}");
        assertThat(nested).isEqualTo(new FieldAgreement(3, 4));
        assertThat(nested.fraction()).isEqualTo(0.75);
        // a missing sub-object counts all of its leaves
        assertThat(compare("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}", "{\"a\":1}")).isEqualTo(new FieldAgreement(1, 3));
    }

    @Test
    void scalar_arrays_are_multisets_and_record_arrays_are_positional() {
        assertThat(compare("[\"refund\",\"billing\"]", "[\"billing\",\"refund\"]")).isEqualTo(new FieldAgreement(2, 2));
        assertThat(compare("[\"a\",\"a\",\"b\"]", "[\"a\",\"b\",\"b\"]")).isEqualTo(new FieldAgreement(2, 3));
        assertThat(compare("[\"a\"]", "[\"a\",\"b\",\"c\"]")).isEqualTo(new FieldAgreement(1, 3));
        assertThat(compare("[{\"sku\":1,\"qty\":2},{\"sku\":2,\"qty\":1}]", "[{\"sku\":2,\"qty\":1},{\"sku\":1,\"qty\":2}]"))
                .isEqualTo(new FieldAgreement(0, 4));
        assertThat(compare("[{\"sku\":1,\"qty\":2}]", "[{\"sku\":1,\"qty\":3},{\"sku\":2,\"qty\":1}]"))
                .isEqualTo(new FieldAgreement(1, 4));
    }

    @Test
    void numbers_agree_within_the_relative_tolerance_and_as_strings() {
        assertThat(compare("{\"x\":0.30000000000000004}", "{\"x\":0.3}")).isEqualTo(FieldAgreement.MATCH);
        assertThat(compare("{\"x\":\"42\"}", "{\"x\":42}")).isEqualTo(FieldAgreement.MATCH);
        assertThat(compare("{\"x\":1234.56}", "{\"x\":1234.57}")).isEqualTo(new FieldAgreement(0, 1));
        assertThat(new JsonAgreement(0.01).compare(json("{\"x\":100}"), json("{\"x\":100.9}")))
                .isEqualTo(FieldAgreement.MATCH);
        assertThat(compare("{\"x\":\"2d\"}", "{\"x\":2}")).isEqualTo(new FieldAgreement(0, 1));
    }

    @Test
    void leaves_of_other_kinds() {
        assertThat(compare("[null, true, \"x\"]", "[null, \"true\", \"X\"]")).isEqualTo(new FieldAgreement(3, 3));
        assertThat(compare("{\"a\":null}", "{\"a\":0}")).isEqualTo(new FieldAgreement(0, 1));
        assertThat(compare("{}", "{}")).isEqualTo(FieldAgreement.MATCH);
        assertThat(compare("{\"a\":[]}", "{\"a\":[]}")).isEqualTo(FieldAgreement.MATCH);
    }

    @Test
    void different_shapes_disagree_in_every_field_of_the_larger_side() {
        assertThat(compare("{\"a\":{\"x\":1,\"y\":2}}", "{\"a\":\"x\"}")).isEqualTo(new FieldAgreement(0, 2));
        assertThat(compare("[1,2,3]", "{\"a\":1}")).isEqualTo(new FieldAgreement(0, 3));
    }

    @Test
    void json_held_in_a_string_is_compared_as_the_document() {
        // OpenAI tool calls carry their arguments as a JSON string
        assertThat(compare("{\"name\":\"refund\",\"arguments\":\"{\\\"order\\\":\\\"A-17\\\",\\\"amount\\\":20}\"}",
                "{\"name\":\"refund\",\"arguments\":{\"order\":\"A-17\",\"amount\":25}}"))
                .isEqualTo(new FieldAgreement(2, 3));
    }

    @Test
    void parse_takes_one_json_value_and_tolerates_a_code_fence() {
        assertThat(JsonAgreement.parse("```json\n{\"a\":1}\n```")).contains(json("{\"a\":1}"));
        assertThat(JsonAgreement.parse("  [1, 2] ")).contains(json("[1,2]"));
        assertThat(JsonAgreement.parse("{\"a\":1} and more")).isEmpty();
        assertThat(JsonAgreement.parse("billing")).isEmpty();
        assertThat(JsonAgreement.parse("")).isEmpty();
        assertThat(JsonAgreement.parse(null)).isEmpty();
    }
}
