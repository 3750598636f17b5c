package io.llmwatch.validate;

import java.util.List;

/** A record that arrives from outside llmwatch and checks its own fields after binding. */
public interface Validated {

    /** The schema name this record is written with, e.g. {@code llmwatch.call.v1}. */
    String schema();

    /** Every problem with this record's fields; empty when it is valid. */
    List<FieldError> validate();
}
