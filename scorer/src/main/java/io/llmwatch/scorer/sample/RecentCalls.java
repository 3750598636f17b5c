package io.llmwatch.scorer.sample;

import io.llmwatch.event.TaskKey;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per task, the last {@code capacity} replayable calls: a ring of entries in a key-value store,
 * {@code app/task#slot} with slot = sequence number modulo capacity, so adding a call is one write
 * that replaces the oldest, and reading the most recent ones is point reads, newest first. The
 * number of calls received lives in the task's {@link TaskReplayState}. Not thread-safe: one per
 * processor.
 */
final class RecentCalls {

    private final KeyValueStore<String, TaskReplayState> tasks;
    private final KeyValueStore<String, RecentCall> entries;
    private final int capacity;

    RecentCalls(KeyValueStore<String, TaskReplayState> tasks, KeyValueStore<String, RecentCall> entries, int capacity) {
        this.tasks = tasks;
        this.entries = entries;
        this.capacity = capacity;
    }

    /** Keeps a call as its task's most recent, with the models it has just been sent to replay against. */
    void add(StoredCall call, Set<String> replayed) {
        if (capacity == 0) {
            return;
        }
        String task = call.task().toString();
        TaskReplayState state = tasks.get(task);
        if (state == null) {
            state = TaskReplayState.NEW;
        }
        entries.put(key(task, state.stored()), new RecentCall(state.stored(), call, replayed));
        tasks.put(task, state.withStored(state.stored() + 1));
    }

    /** The task's stored calls, most recent first. */
    Iterator<RecentCall> recent(TaskKey task) {
        String name = task.toString();
        TaskReplayState state = tasks.get(name);
        long newest = state == null ? -1 : state.stored() - 1;
        long oldest = Math.max(0, newest + 1 - capacity);
        return new Iterator<>() {
            private long seq = newest;
            private RecentCall next = advance();

            private RecentCall advance() {
                while (seq >= oldest) {
                    RecentCall entry = entries.get(key(name, seq));
                    long wanted = seq--;
                    // A slot written under another capacity holds another sequence number.
                    if (entry != null && entry.seq() == wanted) {
                        return entry;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public RecentCall next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                RecentCall current = next;
                next = advance();
                return current;
            }
        };
    }

    /** Writes back an entry read from {@link #recent}, e.g. with more models replayed. */
    void update(TaskKey task, RecentCall entry) {
        entries.put(key(task.toString(), entry.seq()), entry);
    }

    private String key(String task, long seq) {
        return task + "#" + Math.floorMod(seq, capacity);
    }
}
