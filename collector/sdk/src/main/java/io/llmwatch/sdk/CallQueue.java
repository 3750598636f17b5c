package io.llmwatch.sdk;

import io.llmwatch.event.LlmCall;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded hand-over from callers to the sender. Lock-free, so that a caller never parks behind
 * the sender draining the queue (a {@code java.util.concurrent} blocking queue shares one lock
 * between them, and a contended lock costs a caller tens of microseconds). The bound is kept with
 * a counter: it may be exceeded by the number of callers racing at the limit, never more.
 */
final class CallQueue {

    private final ConcurrentLinkedQueue<LlmCall> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    CallQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds a call unless the queue is full. */
    boolean offer(LlmCall call) {
        if (size.get() >= capacity) {
            return false;
        }
        size.incrementAndGet();
        calls.offer(call);
        return true;
    }

    /** The oldest call, or null when the queue is empty. */
    LlmCall poll() {
        LlmCall call = calls.poll();
        if (call != null) {
            size.decrementAndGet();
        }
        return call;
    }

    /** Moves up to {@code max} calls, oldest first, to {@code into}; returns how many. */
    int drainTo(List<LlmCall> into, int max) {
        int moved = 0;
        for (LlmCall call; moved < max && (call = poll()) != null; moved++) {
            into.add(call);
        }
        return moved;
    }

    int size() {
        return size.get();
    }

    boolean isEmpty() {
        return size.get() == 0;
    }
}
