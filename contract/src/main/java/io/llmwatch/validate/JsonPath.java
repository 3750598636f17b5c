package io.llmwatch.validate;

import com.fasterxml.jackson.databind.JsonMappingException;

/** The field path ({@code usage.input_tokens}, {@code tasks[2].margin}) at which Jackson failed. */
public final class JsonPath {

    private JsonPath() {
    }

    public static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() > 0 ? "." : "").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }
}
