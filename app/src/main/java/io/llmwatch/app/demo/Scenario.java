package io.llmwatch.app.demo;

import java.util.List;

/**
 * The demo's world: two apps, three task types each, four models per task with list prices from the
 * default catalog. Two stories play out: on {@code support/classify-intent} the team overpays from
 * the start (gpt-4.1-mini is as good as gpt-4.1 there), and midway a provider update makes
 * gpt-4.1-mini as good as gpt-4.1 on {@code support/summarize-ticket}.
 */
final class Scenario {

    private Scenario() {
    }

    static List<SimulatedTask> tasks() {
        return List.of(
                new SimulatedTask("support", "summarize-ticket",
                        "Summarize the customer ticket in three bullet points for the on-call engineer.",
                        List.of("Customer reports that invoices exported as PDF since Tuesday show totals without VAT; "
                                        + "three enterprise accounts affected, finance team escalated twice.",
                                "User cannot log in with SSO after the identity provider rotated its certificate; "
                                        + "error 'invalid signature' on callback, 40 seats blocked."),
                        1400, 180, false,
                        List.of(SimulatedModel.steady("gpt-4.1", "openai", 0.90, 450, 14, 1.0),
                                new SimulatedModel("gpt-4.1-mini", "openai", 0.82, 0.90, 300, 9, 1.0),
                                SimulatedModel.steady("gpt-4.1-nano", "openai", 0.70, 200, 6, 0.9),
                                SimulatedModel.steady("claude-haiku-4-5", "anthropic", 0.84, 350, 10, 1.1))),
                new SimulatedTask("support", "classify-intent",
                        "Classify the message into one of: billing, bug, how-to, account, other. Answer with JSON.",
                        List.of("I was charged twice for the same month, please refund one of them.",
                                "Where do I change the e-mail address that receives alerts?"),
                        380, 12, true,
                        List.of(SimulatedModel.steady("gpt-4.1", "openai", 0.95, 350, 14, 1.0),
                                SimulatedModel.steady("gpt-4.1-mini", "openai", 0.948, 250, 9, 1.0),
                                SimulatedModel.steady("gpt-4.1-nano", "openai", 0.88, 180, 6, 1.0),
                                SimulatedModel.steady("llama-3.1-8b-instant", "groq", 0.84, 90, 2, 1.0))),
                new SimulatedTask("support", "draft-reply",
                        "Draft a polite, specific reply to the customer. Do not promise dates.",
                        List.of("The export to CSV drops rows with emoji in the name column.",
                                "Our API key stopped working after we upgraded the plan."),
                        1100, 320, false,
                        List.of(SimulatedModel.steady("claude-sonnet-4-6", "anthropic", 0.92, 600, 16, 1.0),
                                SimulatedModel.steady("claude-haiku-4-5", "anthropic", 0.84, 350, 10, 1.0),
                                SimulatedModel.steady("gpt-4.1", "openai", 0.86, 450, 14, 0.9),
                                SimulatedModel.steady("gpt-4.1-mini", "openai", 0.80, 300, 9, 0.9))),
                new SimulatedTask("analytics", "eda",
                        "You are a data analyst. Explore the dataset and report distributions, outliers and "
                                + "correlations with uncertainty.",
                        List.of("Dataset: 12,000 rows of e-commerce orders (price, quantity, region, channel, returned).",
                                "Dataset: 48 weeks of sensor readings from 30 machines with failure labels."),
                        3200, 850, false,
                        List.of(SimulatedModel.steady("gpt-5", "openai", 0.88, 900, 12, 1.0),
                                SimulatedModel.steady("gpt-5-mini", "openai", 0.80, 500, 8, 1.1),
                                SimulatedModel.steady("gpt-4.1", "openai", 0.82, 450, 14, 0.9),
                                SimulatedModel.steady("gemini-2.5-flash", "google", 0.78, 300, 5, 1.0))),
                new SimulatedTask("analytics", "sql-generation",
                        "Write one ANSI SQL query answering the question over the given schema.",
                        List.of("Schema: orders(id, customer_id, total, created_at). Question: monthly revenue in 2026.",
                                "Schema: events(user_id, name, ts). Question: 7-day retention by signup week."),
                        900, 140, false,
                        List.of(SimulatedModel.steady("gpt-4.1", "openai", 0.91, 450, 14, 1.0),
                                SimulatedModel.steady("gpt-4.1-mini", "openai", 0.85, 300, 9, 1.0),
                                SimulatedModel.steady("llama-3.3-70b-versatile", "groq", 0.84, 150, 3, 1.1),
                                SimulatedModel.steady("gpt-4.1-nano", "openai", 0.74, 200, 6, 1.0))),
                new SimulatedTask("analytics", "extract-entities",
                        "Extract company, person and amount entities as JSON.",
                        List.of("Acme Corp signed a $1.2M renewal with Jane Doe as sponsor.",
                                "Globex paid 40,000 EUR to Initech for the audit led by Peter Gibbons."),
                        1200, 110, true,
                        List.of(SimulatedModel.steady("gpt-4o", "openai", 0.93, 400, 12, 1.0),
                                SimulatedModel.steady("gpt-4o-mini", "openai", 0.87, 250, 8, 1.0),
                                SimulatedModel.steady("gpt-4.1-nano", "openai", 0.84, 180, 6, 1.0),
                                SimulatedModel.steady("grok-3-mini", "xai", 0.85, 300, 7, 1.2))));
    }
}
