package io.llmwatch.app.demo;

import io.llmwatch.sim.Latency;
import io.llmwatch.sim.SimulatedModel;
import java.util.List;

/**
 * The demo's world: a simulated provider serving models under the ids the price catalog knows, and
 * the production tasks that call them. The simulated provider gives each model one quality for every
 * prompt, so each story runs on its own models:
 * <ul>
 *   <li>{@code support/classify-intent}: the team overpays from the start, claude-haiku-4-5 is as good
 *       as claude-sonnet-4-6 there;</li>
 *   <li>{@code support/summarize-ticket}: at {@link #MINI_UPDATE_AT} of the run a provider update
 *       lifts gpt-4.1-mini to gpt-4.1's quality;</li>
 *   <li>{@code analytics/extract-entities}: at {@link #INCUMBENT_DROP_AT} a provider update breaks
 *       the incumbent gpt-4o;</li>
 *   <li>{@code support/draft-reply}: at {@link #PRICE_CHANGE_AT} the incumbent's price triples;</li>
 *   <li>{@code support/triage-agent}: at {@link #SPIRAL_AT} one agent run starts looping.</li>
 * </ul>
 */
final class Scenario {

    static final double MINI_UPDATE_AT = 0.30;
    static final double INCUMBENT_DROP_AT = 0.40;
    static final double SPIRAL_AT = 0.50;
    static final double PRICE_CHANGE_AT = 0.60;

    static final String UPDATED_MODEL = "gpt-4.1-mini";
    static final double UPDATED_QUALITY = 0.90;
    static final String DROPPING_MODEL = "gpt-4o";
    static final double DROPPED_QUALITY = 0.05;
    static final String REPRICED_MODEL = "gemini-2.5-pro";
    /** Three times gemini-2.5-pro's list price. */
    static final double REPRICED_INPUT_PER_MTOK = 3.75;
    static final double REPRICED_OUTPUT_PER_MTOK = 30.0;

    private Scenario() {
    }

    /** The simulated provider's models: quality before any update, and latencies of 20–150 ms. */
    static List<SimulatedModel> models() {
        return List.of(
                model("claude-sonnet-4-6", 0.95, 60),
                model("claude-haiku-4-5", 0.95, 30),
                model("llama-3.1-8b-instant", 0.80, 15),
                model("gpt-4.1", 0.90, 60),
                model(UPDATED_MODEL, 0.72, 35),
                model("gpt-4.1-nano", 0.65, 20),
                model(DROPPING_MODEL, 0.95, 55),
                model("gpt-4o-mini", 0.85, 30),
                model(REPRICED_MODEL, 0.92, 80),
                model("gemini-2.5-flash", 0.80, 35),
                model("gpt-5-mini", 0.90, 40));
    }

    private static SimulatedModel model(String id, double quality, double baseMs) {
        return SimulatedModel.of(id, quality).withLatency(new Latency(baseMs, 0.2, 0.3));
    }

    static List<DemoTask> tasks() {
        return List.of(
                new DemoTask("support", "classify-intent", "claude-sonnet-4-6",
                        "Classify the customer's message into one of: billing, bug, how-to, account, other. "
                                + "Answer with the label only.",
                        DemoTask.Answer.LABEL, false),
                new DemoTask("support", "summarize-ticket", "gpt-4.1",
                        "Summarize the customer ticket in one short paragraph for the on-call engineer.",
                        DemoTask.Answer.TEXT, false),
                new DemoTask("support", "draft-reply", REPRICED_MODEL,
                        "Draft a polite, specific reply to the customer. Do not promise dates.",
                        DemoTask.Answer.TEXT, false),
                new DemoTask("analytics", "extract-entities", DROPPING_MODEL,
                        "Extract the company and the amount in USD as JSON: {\"company\": …, \"amount_usd\": …}.",
                        DemoTask.Answer.JSON, false),
                new DemoTask("support", "triage-agent", "gpt-5-mini",
                        "You are a triage agent. Use the knowledge base until you can route the ticket.",
                        DemoTask.Answer.TEXT, true));
    }
}
