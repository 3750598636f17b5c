package io.llmwatch.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.event.CallError;
import io.llmwatch.event.Evaluation;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;
import io.llmwatch.redact.RedactionConfig.AppRedaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    private final Redactor defaults = Redactor.defaults();

    @ParameterizedTest
    @ValueSource(strings = {
            "sk-proj-AbCdEf0123456789_xyzXYZ-0123456789",
            "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345",
            "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
            "gsk_abcdefghijklmnopqrstuvwxyz0123",
            "AKIAIOSFODNN7EXAMPLE",
            "lw_0123456789abcdefghijklmnopqrstuvwxyzABCD"})
    void apiKeysAreMasked(String key) {
        assertThat(defaults.redactText(null, "use " + key + " to call it")).isEqualTo("use [REDACTED:api_key] to call it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe@example.com", "j+tag@mail.example.co.uk", "ops_team-1@sub.domain.io"})
    void emailAddressesAreMasked(String email) {
        assertThat(defaults.redactText(null, "Contact " + email + ", please.")).isEqualTo("Contact [REDACTED:email], please.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559", "378282246310005",
            "6011 0009 9013 9424"})
    void cardNumbersThatPassTheLuhnCheckAreMasked(String card) {
        assertThat(defaults.redactText(null, "card " + card + " expired")).isEqualTo("card [REDACTED:card_number] expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111 1111 1111 1112", "1234567890123456", "order 20240501123456789"})
    void numbersThatFailTheLuhnCheckAreLeftAlone(String number) {
        assertThat(defaults.redactText(null, "ref " + number)).isEqualTo("ref " + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 415 555 0132", "+44 20 7946 0958", "+49-30-901820", "(415) 555-0132", "415-555-0132",
            "415.555.0132", "+33 1 42 68 53 00"})
    void phoneNumbersAreMasked(String phone) {
        assertThat(defaults.redactText(null, "call " + phone + " today")).isEqualTo("call [REDACTED:phone] today");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01", "12:30:45", "version 1.2.3", "ORD-123456", "total 1,234.56 USD",
            "ticket 48213", "pi is 3.14159265", "192.168.1.10", "2024-05-01T12:00:00Z"})
    void datesAmountsVersionsAndIdsAreLeftAlone(String text) {
        assertThat(defaults.redactText(null, text)).isEqualTo(text);
    }

    @Test
    void everyTextOfACallIsMaskedButItsMetadataIsKept() throws Exception {
        LlmCall call = call("support", """
                {"model": "gpt-4.1", "messages": [
                  {"role": "user", "content": "I am jane@example.com, card 4111 1111 1111 1111"},
                  {"role": "user", "content": [{"type": "text", "text": "call me at +1 415 555 0132"}]}],
                 "temperature": 0.2}""", "Sure, jane@example.com.");

        LlmCall masked = defaults.redact(call);

        assertThat(masked.request().toString())
                .contains("I am [REDACTED:email], card [REDACTED:card_number]")
                .contains("call me at [REDACTED:phone]")
                .contains("\"temperature\":0.2")
                .doesNotContain("jane@", "4111", "555");
        assertThat(masked.outputText()).isEqualTo("Sure, [REDACTED:email].");
        assertThat(masked.attributes()).containsEntry("requester", "[REDACTED:email]").containsEntry("tenant", "acme");
        assertThat(masked.error().message()).isEqualTo("invalid key [REDACTED:api_key]");
        assertThat(masked.reference().path("expected").asText()).isEqualTo("[REDACTED:email]");
        assertThat(masked.callId()).isEqualTo(call.callId());
        assertThat(masked.usage()).isEqualTo(call.usage());
        assertThat(masked.requestModel()).isEqualTo("gpt-4.1");
        assertThat(call.request().toString()).contains("jane@example.com");
    }

    @Test
    void aCallWithNothingToMaskIsPublishedAsItIs() throws Exception {
        LlmCall call = call("support", "{\"model\": \"gpt-4.1\", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]}",
                "hi");
        LlmCall clean = new LlmCall(null, call.callId(), call.timestamp(), call.app(), call.taskType(), null, null, null,
                null, null, call.requestModel(), null, call.request(), call.outputText(), null, null, null, null, null,
                null, Map.of("tenant", "acme"), null);

        LlmCall result = defaults.redact(clean);

        assertThat(result).isEqualTo(clean);
        assertThat(result.request()).isSameAs(clean.request());
    }

    @Test
    void perAppPatternsApplyToThatAppOnly() throws Exception {
        Redactor redactor = Redactor.of(new RedactionConfig(List.of("ACME-\\d{4}"),
                Map.of("billing", new AppRedaction(List.of("ORD-\\d{6}"), false))));
        String text = "order ORD-123456 for ACME-0042";

        assertThat(redactor.redact(call("billing", "{}", text)).outputText())
                .isEqualTo("order [REDACTED:custom] for [REDACTED:custom]");
        assertThat(redactor.redact(call("support", "{}", text)).outputText())
                .isEqualTo("order ORD-123456 for [REDACTED:custom]");
    }

    @Test
    void aDropContentAppKeepsOnlyMetadata() throws Exception {
        Redactor redactor = Redactor.of(new RedactionConfig(null, Map.of("hr", new AppRedaction(null, true))));
        LlmCall call = call("hr", """
                {"model": "gpt-4.1", "messages": [{"role": "user", "content": "salary of bob"}], "temperature": 0.1,
                 "response_format": {"type": "json_object"}}""", "bob earns a lot");

        LlmCall dropped = redactor.redact(call);

        assertThat(dropped.request().has("messages")).isFalse();
        assertThat(dropped.request().path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(dropped.request().path("response_format").path("type").asText()).isEqualTo("json_object");
        assertThat(dropped.outputText()).isNull();
        assertThat(dropped.reference()).isNull();
        assertThat(dropped.attributes()).containsEntry(Redactor.CONTENT_ATTRIBUTE, Redactor.CONTENT_DROPPED);
        assertThat(dropped.usage()).isEqualTo(call.usage());
        assertThat(dropped.latencyMs()).isEqualTo(call.latencyMs());
        assertThat(dropped.validate()).isEmpty();
        assertThat(redactor.redact(call("support", call.request().toString(), "bob earns a lot")).outputText())
                .isEqualTo("bob earns a lot");
    }

    @Test
    void evaluationTextsAreMasked() {
        Evaluation evaluation = new Evaluation(null, "c-1", Instant.parse("2024-05-01T12:00:00Z"), "user_feedback", 0.0,
                "bad", "user jane@example.com complained", "app");

        assertThat(defaults.redact(evaluation).explanation()).isEqualTo("user [REDACTED:email] complained");
    }

    private static LlmCall call(String app, String request, String output) throws Exception {
        JsonNode body = Json.mapper().readTree(request);
        return new LlmCall(null, "c-1", Instant.parse("2024-05-01T12:00:00Z"), app, "summarize", null, null, null,
                "openai", null, "gpt-4.1", null, body, output, "stop", Usage.of(10, 5), 120.0, null, null,
                new CallError("http_401", "invalid key sk-abcdefghijklmnopqrstuvwxyz"),
                Map.of("tenant", "acme", "requester", "jane@example.com"),
                Json.mapper().readTree("{\"expected\": \"jane@example.com\"}"));
    }
}
