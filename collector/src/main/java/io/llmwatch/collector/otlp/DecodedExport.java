package io.llmwatch.collector.otlp;

import java.util.List;

/**
 * An export request whose structure has been read, before its spans are converted: the span count
 * is known first, so that a request over the item limit is refused before any span is converted.
 */
interface DecodedExport {

    /** How many spans the request holds. */
    int spanCount();

    /** Its spans, each in the OTLP/JSON form {@link OtlpSpan#from} reads. */
    List<RawSpan> spans();
}
