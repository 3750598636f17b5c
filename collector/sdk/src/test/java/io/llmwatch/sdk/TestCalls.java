package io.llmwatch.sdk;

import io.llmwatch.event.CallBuilder;
import io.llmwatch.event.LlmCall;
import io.llmwatch.event.Usage;
import io.llmwatch.json.Json;

/** Realistic calls of about 1 KB for the SDK's tests. */
final class TestCalls {

    private static final String TEXT = "The customer reports that invoices exported as PDF since Tuesday show totals "
            + "without VAT; three enterprise accounts are affected. ";

    private TestCalls() {
    }

    static LlmCall call(String callId, String app) {
        return CallBuilder.create()
                .callId(callId)
                .app(app)
                .taskType("summarize-ticket")
                .provider("openai")
                .requestModel("gpt-4.1-mini")
                .responseModel("gpt-4.1-mini-2025-04-14")
                .request(Json.mapper().createObjectNode().put("model", "gpt-4.1-mini")
                        .set("messages", Json.mapper().createArrayNode()
                                .add(Json.mapper().createObjectNode().put("role", "user").put("content", TEXT.repeat(3)))))
                .outputText(TEXT.repeat(2))
                .finishReason("stop")
                .usage(new Usage(812L, 95L, 512L, null, null))
                .latencyMs(640.0)
                .attribute("tenant", "t1")
                .build();
    }
}
