package io.llmwatch.validate;

import java.util.ArrayList;
import java.util.List;

/** Collects {@link FieldError}s while a record checks its own fields. */
public final class Checks {

    private final List<FieldError> errors = new ArrayList<>();

    public Checks required(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            errors.add(new FieldError(field, "is required"));
        }
        return this;
    }

    public Checks maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
        return this;
    }

    public Checks nonNegative(String field, Number value) {
        if (value != null && value.doubleValue() < 0) {
            errors.add(new FieldError(field, "must be >= 0"));
        }
        return this;
    }

    public Checks between(String field, Number value, double min, double max) {
        if (value != null && (Double.isNaN(value.doubleValue()) || value.doubleValue() < min || value.doubleValue() > max)) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max));
        }
        return this;
    }

    public Checks check(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    public Checks add(FieldError error) {
        errors.add(error);
        return this;
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }
}
