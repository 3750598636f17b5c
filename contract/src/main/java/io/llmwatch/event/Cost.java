package io.llmwatch.event;

/**
 * The cost of one call. {@code amount} is null exactly when {@code source} is
 * {@link CostSource#UNKNOWN}.
 *
 * @param amount   in {@code currency}
 * @param currency ISO 4217 code, {@code USD} by default
 * @param source   where the amount comes from
 * @param note     why the cost is unknown, or which catalog entry priced it
 */
public record Cost(Double amount, String currency, CostSource source, String note) {

    public static final String USD = "USD";

    public Cost {
        if (currency == null) {
            currency = USD;
        }
        if (source == null) {
            source = amount == null ? CostSource.UNKNOWN : CostSource.PROVIDER;
        }
    }

    public static Cost local(double amount, String note) {
        return new Cost(amount, USD, CostSource.LOCAL, note);
    }

    public static Cost unknown(String why) {
        return new Cost(null, USD, CostSource.UNKNOWN, why);
    }

    public boolean known() {
        return amount != null;
    }
}
