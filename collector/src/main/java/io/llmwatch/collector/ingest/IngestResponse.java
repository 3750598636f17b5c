package io.llmwatch.collector.ingest;

import io.llmwatch.validate.FieldError;
import java.util.List;

/**
 * The answer to an ingest request: how many items were accepted and why each other one was not.
 *
 * @param accepted how many items were valid and are now on their topic
 * @param rejected each invalid item, in request order
 */
public record IngestResponse(int accepted, List<Rejection> rejected) {

    public IngestResponse {
        rejected = List.copyOf(rejected);
    }

    /**
     * One rejected item.
     *
     * @param index  the item's position in the request's array (0 for a single object); null when
     *               the body as a whole could not be split into items
     * @param callId the item's {@code call_id}, when it has one
     * @param errors what is wrong, field by field
     */
    public record Rejection(Integer index, String callId, List<FieldError> errors) {

        public Rejection {
            errors = List.copyOf(errors);
        }
    }
}
