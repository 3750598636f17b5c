package io.llmwatch.redact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmwatch.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialsTest {

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "apiKey", "OPENAI_API_KEY", "x-api-key", "password", "db_password", "secret",
            "client_secret", "token", "access_token", "refreshToken", "Authorization", "auth", "private_key",
            "aws_secret_access_key", "credentials", "cookie"})
    void credentialNamesAreRecognised(String name) {
        assertThat(Credentials.isCredential(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"max_tokens", "max_completion_tokens", "prompt_tokens", "model", "messages", "content",
            "temperature", "author", "tokenizer", "user", "tool_choice"})
    void requestParametersAreNot(String name) {
        assertThat(Credentials.isCredential(name)).isFalse();
    }

    @Test
    void credentialFieldsAreRemovedAtAnyDepthAndTheRestIsKept() throws Exception {
        JsonNode body = Json.mapper().readTree("""
                {"model": "m", "max_tokens": 5, "api_key": "sk-1", "metadata": {"password": "p", "user": "u"},
                 "tools": [{"function": {"name": "f", "parameters": {"token": "t", "q": 1}}}]}""");

        JsonNode stripped = Credentials.strip(body);

        assertThat(stripped).isEqualTo(Json.mapper().readTree("""
                {"model": "m", "max_tokens": 5, "metadata": {"user": "u"},
                 "tools": [{"function": {"name": "f", "parameters": {"q": 1}}}]}"""));
        assertThat(body.has("api_key")).as("the input is not changed").isTrue();
        JsonNode clean = Json.mapper().readTree("{\"model\": \"m\"}");
        assertThat(Credentials.strip(clean)).isSameAs(clean);
    }
}
