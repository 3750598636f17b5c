package io.llmwatch.sim;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link SimulatedProvider} was asked, for tests: every request in arrival order, counts per
 * model, and how many model requests (chat completions and embeddings) it was working on at once,
 * from arrival until it started to answer. Thread-safe.
 */
public final class RequestLog {

    private final List<LoggedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> perModel = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public List<LoggedRequest> all() {
        return List.copyOf(requests);
    }

    /** Requests for {@code model}, in arrival order. */
    public List<LoggedRequest> forModel(String model) {
        return requests.stream().filter(r -> model.equals(r.model())).toList();
    }

    public long count() {
        return requests.size();
    }

    public long count(String model) {
        AtomicLong count = perModel.get(model);
        return count == null ? 0 : count.get();
    }

    /** The most recent request, if any. */
    public LoggedRequest last() {
        return requests.isEmpty() ? null : requests.get(requests.size() - 1);
    }

    /** The most model requests ever worked on at once since start or {@link #clear()}. */
    public int maxConcurrent() {
        return maxInFlight.get();
    }

    /** Model requests being worked on now. */
    public int concurrent() {
        return inFlight.get();
    }

    /** Forgets every request and the concurrency high-water mark. */
    public void clear() {
        requests.clear();
        perModel.clear();
        maxInFlight.set(inFlight.get());
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    void add(LoggedRequest request) {
        requests.add(request);
        if (request.model() != null) {
            perModel.computeIfAbsent(request.model(), m -> new AtomicLong()).incrementAndGet();
        }
    }

    void started() {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    void finished() {
        inFlight.decrementAndGet();
    }
}
