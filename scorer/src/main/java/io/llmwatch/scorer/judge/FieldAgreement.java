package io.llmwatch.scorer.judge;

/**
 * How many fields (JSON leaves) of two documents agree.
 *
 * @param matched fields that agree
 * @param fields  fields compared: the union of both documents' fields
 */
public record FieldAgreement(int matched, int fields) {

    static final FieldAgreement MATCH = new FieldAgreement(1, 1);

    /** Agreement in [0, 1]; two documents without fields agree fully. */
    public double fraction() {
        return fields == 0 ? 1 : (double) matched / fields;
    }

    static FieldAgreement mismatch(int fields) {
        return new FieldAgreement(0, fields);
    }

    FieldAgreement plus(FieldAgreement other) {
        return new FieldAgreement(matched + other.matched, fields + other.fields);
    }

    @Override
    public String toString() {
        return matched + "/" + fields + " fields";
    }
}
