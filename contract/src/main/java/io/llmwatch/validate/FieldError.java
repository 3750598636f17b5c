package io.llmwatch.validate;

/**
 * One problem with one field of an incoming record, e.g. {@code usage.input_tokens must be >= 0}.
 *
 * @param field   the JSON path of the field in snake_case, dotted ({@code usage.input_tokens}); for
 *                a problem with the whole record, {@code $}
 * @param message what is wrong, for a person
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + " " + message;
    }
}
