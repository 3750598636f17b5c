package io.llmwatch.scorer.provider;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A semaphore whose {@link #acquire()} returns a future instead of blocking: callers beyond the
 * limit wait in a FIFO queue without holding a thread. A released permit is handed straight to the
 * next waiter, on {@code executor}, so the releasing thread does not run the waiter's work.
 */
final class AsyncPermits {

    private final int limit;
    private final Executor executor;
    private final Queue<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private int inUse;

    AsyncPermits(int limit, Executor executor) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1");
        }
        this.limit = limit;
        this.executor = executor;
    }

    /** Completes when a permit is held; {@link #release()} it exactly once. */
    CompletableFuture<Void> acquire() {
        synchronized (this) {
            if (inUse < limit) {
                inUse++;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> waiter = new CompletableFuture<>();
            waiters.add(waiter);
            return waiter;
        }
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                inUse--;
                return;
            }
        }
        try {
            executor.execute(() -> next.complete(null));
        } catch (RejectedExecutionException shuttingDown) {
            next.complete(null);
        }
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int waiting() {
        return waiters.size();
    }
}
