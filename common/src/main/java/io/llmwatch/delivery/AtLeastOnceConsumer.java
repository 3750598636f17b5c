package io.llmwatch.delivery;

import io.llmwatch.config.GroupMember;
import io.llmwatch.config.KafkaClientSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer loop for work that is slow or leaves Kafka (an HTTP call, a provider call): it hands
 * each record of a topic to a {@link Handler} that works asynchronously, and commits a record's
 * offset only once the handler's stage completed, and only as the end of the contiguous prefix of
 * such records in its partition ({@link PartitionProgress}). So a crash or restart redoes at most
 * the records after the committed offset: delivery is at least once, never at most once.
 *
 * <p>The consumer reads {@code read_committed} (only what an exactly-once producer committed), in
 * its own group, with manual commits, on its own thread. At most {@code maxInFlight} records are
 * worked on at once: beyond that it pauses its partitions and keeps polling (so it stays in its
 * group) until half of them are done. A rebalance waits briefly for the records of the partitions it
 * takes away and commits what is done. A stage that completes exceptionally means the work cannot be
 * done now: the loop stops without committing that record (nor any after it in its partition) and
 * reports the {@link #failure()}, so the next consumer of the group redoes it.
 *
 * <p>The replay worker ({@code llmwatch.replay.requests}) and the webhook delivery of
 * {@code llmwatch.alerts} use it.
 */
public final class AtLeastOnceConsumer implements AutoCloseable {

    /** Works on one record; the stage completes when the work is done for good. Called on the poll thread: never block. */
    @FunctionalInterface
    public interface Handler {
        CompletionStage<?> handle(ConsumerRecord<String, byte[]> record);
    }

    /**
     * Told which partitions this consumer takes and gives up, on the loop's thread, inside the
     * rebalance: {@link #assigned} runs before any record of those partitions is handed over, so it
     * may block to load what the handler needs about them.
     */
    public interface PartitionListener {
        void assigned(Collection<TopicPartition> partitions);

        /** Taken away or lost; what was finished of them is committed already where it could be. */
        void revoked(Collection<TopicPartition> partitions);
    }

    /**
     * @param kafka           the cluster and its client settings ({@link KafkaClientSettings#clientConfig}),
     *                        applied on top of this loop's own consumer settings
     * @param groupId         the consumer group whose committed offsets say what is done
     * @param maxInFlight     records worked on at once, at least {@code maxPollRecords}
     * @param revokeTimeout   how long a rebalance waits for the records of the partitions it takes away
     * @param clientOverrides the caller's own consumer settings on top of the loop's defaults (tests: a
     *                        short session timeout); the cluster's client settings still win
     * @param member          how the consumer joins its group; an explicit static id wins over everything
     */
    public record Settings(KafkaClientSettings kafka, String groupId, String topic, int maxInFlight, int maxPollRecords,
            Duration revokeTimeout, Map<String, Object> clientOverrides, GroupMember member) {

        public Settings {
            if (maxInFlight < maxPollRecords || maxPollRecords < 1) {
                throw new IllegalArgumentException("max in flight (" + maxInFlight + ") must be at least max poll records ("
                        + maxPollRecords + "), which must be positive");
            }
            clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
            member = member == null ? GroupMember.DYNAMIC : member;
        }

        /**
         * The consumer's configuration: the loop's defaults, the caller's overrides, the cluster's
         * client settings, then the group membership (the {@code --instance-id} of this process).
         */
        Map<String, Object> consumerConfig() {
            Map<String, Object> own = new HashMap<>();
            own.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            own.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            own.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
            own.putAll(clientOverrides);
            Map<String, Object> config = kafka.clientConfig(own);
            config.putAll(member.consumerConfig());
            return config;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AtLeastOnceConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** While paused a poll returns nothing and would wait its whole timeout: check back soon. */
    private static final Duration PAUSED_POLL = Duration.ofMillis(5);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** Finished records are committed at most this often: each commit is a write to the offsets log. */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(200).toNanos();
    private static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);

    private final Settings settings;
    private final Handler handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean stopping;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile Throwable failure;
    private volatile Runnable onStopped = () -> { };
    private volatile PartitionListener partitionListener;
    private boolean paused;
    private long lastCommitNanos = System.nanoTime();

    public AtLeastOnceConsumer(Settings settings, Handler handler, String threadName) {
        this.settings = settings;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(settings.consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, threadName);
    }

    /**
     * Called once the loop stopped (on its own or by {@link #close}) and closed its consumer, on the
     * loop's thread (the caller's if it never started), e.g. to close clients of the handler and report
     * the {@link #failure()}. Set it before {@link #start()}.
     */
    public AtLeastOnceConsumer onStopped(Runnable listener) {
        this.onStopped = listener;
        return this;
    }

    /** Set before {@link #start()}. */
    public AtLeastOnceConsumer onPartitions(PartitionListener listener) {
        this.partitionListener = listener;
        return this;
    }

    /** Starts polling on the consumer's own thread. */
    public AtLeastOnceConsumer start() {
        thread.start();
        return this;
    }

    /** Records being worked on now. */
    public int inFlight() {
        return outstanding.get();
    }

    /** Why the loop stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * Stops: no new records, up to {@code timeout} for those in flight, then commits what is done and
     * closes the consumer. Records still in flight then are not committed; the next consumer of the
     * group redoes them.
     */
    public void close(Duration timeout) {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        stopping = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            onStopped.run();
            return;
        }
        try {
            // the consumer's close, and as long again for what the stopped listener closes
            thread.join(timeout.plus(COMMIT_TIMEOUT).plus(CLIENT_CLOSE.multipliedBy(2)).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops at once: commits what is done, leaves what is in flight to the next consumer. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (!stopping) {
                consumer.poll(paused ? PAUSED_POLL : POLL).forEach(this::dispatch);
                settle(false);
                throttle();
            }
            drain();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("{} of {}: stopped", settings.groupId(), settings.topic(), e);
        } finally {
            try {
                settle(true);
            } catch (RuntimeException e) {
                LOG.warn("{}: final commit failed; the next consumer redoes from the last commit: {}", settings.groupId(),
                        e.toString());
            }
            try {
                consumer.close(CloseOptions.timeout(CLIENT_CLOSE));
            } finally {
                onStopped.run();
            }
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        progress.computeIfAbsent(partition, p -> new PartitionProgress()).started(record.offset());
        outstanding.incrementAndGet();
        Finished done = new Finished(partition, record.offset());
        CompletionStage<?> work;
        try {
            work = handler.handle(record);
        } catch (RuntimeException e) {
            failed(done, e);
            return;
        }
        work.whenComplete((result, error) -> {
            if (error == null) {
                // queued before it stops counting as in flight, so whoever sees zero in flight also sees it finished
                finished.add(done);
                outstanding.decrementAndGet();
            } else {
                failed(done, error);
            }
        });
    }

    /** The record stays uncommitted, and so do the ones after it: the loop stops and the next consumer redoes them. */
    private void failed(Finished done, Throwable error) {
        outstanding.decrementAndGet();
        if (stopping) {
            LOG.debug("{}: {}-{}@{} not finished while stopping ({}); it will be redone", settings.groupId(),
                    done.partition().topic(), done.partition().partition(), done.offset(), error.toString());
            return;
        }
        failure = error;
        deadlineNanos = System.nanoTime();
        stopping = true;
        LOG.error("{}: cannot finish {}-{}@{}; stopping without committing it", settings.groupId(),
                done.partition().topic(), done.partition().partition(), done.offset(), error);
    }

    /** Marks finished records and commits the partitions whose finished prefix grew. */
    private void settle(boolean sync) {
        markFinished();
        if (sync || System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS) {
            lastCommitNanos = System.nanoTime();
            commit(progress.keySet(), sync);
        }
    }

    private void markFinished() {
        for (Finished done = finished.poll(); done != null; done = finished.poll()) {
            PartitionProgress partition = progress.get(done.partition());
            if (partition != null) {
                partition.finished(done.offset());
            }
        }
    }

    private void commit(Collection<TopicPartition> partitions, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            PartitionProgress p = progress.get(partition);
            if (p != null) {
                p.toCommit().ifPresent(offset -> offsets.put(partition, new OffsetAndMetadata(offset)));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        offsets.forEach((partition, offset) -> progress.get(partition).committed(offset.offset()));
        if (sync) {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("{}: commit failed, retrying with the next: {}", settings.groupId(), error.toString());
                committed.forEach((partition, offset) -> {
                    PartitionProgress p = progress.get(partition);
                    if (p != null) {
                        p.commitFailed(offset.offset());
                    }
                });
            }
        });
    }

    /**
     * Pauses fetching while too many records are in flight, resumes when half of them are done and a
     * whole poll more fits, so at most {@code maxInFlight} are ever in flight.
     */
    private void throttle() {
        int inFlight = outstanding.get();
        int roomForAPoll = settings.maxInFlight() - settings.maxPollRecords();
        if (!paused && inFlight > roomForAPoll) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && inFlight <= Math.min(settings.maxInFlight() / 2, roomForAPoll)) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    /** On shutdown: no more fetching; waits for the records in flight until the deadline. */
    private void drain() {
        consumer.pause(consumer.assignment());
        paused = true;
        while (outstanding.get() > 0 && System.nanoTime() < deadlineNanos) {
            // polling paused partitions fetches nothing but keeps the group membership and runs commit callbacks
            consumer.poll(PAUSED_POLL);
            settle(false);
        }
    }

    /** Commits what is done of partitions taken away, after waiting briefly for their records in flight. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            long until = Math.min(System.nanoTime() + settings.revokeTimeout().toNanos(), deadlineNanos);
            while (partitions.stream().anyMatch(p -> progress.containsKey(p) && progress.get(p).inFlight() > 0)
                    && System.nanoTime() < until && failure == null) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                markFinished();
            }
            markFinished();
            try {
                commit(partitions, true);
            } catch (RuntimeException e) {
                LOG.warn("{}: commit on revocation failed; the new owner redoes from the last commit: {}",
                        settings.groupId(), e.toString());
            }
            partitions.forEach(progress::remove);
            if (partitionListener != null) {
                partitionListener.revoked(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitionListener != null) {
                partitionListener.assigned(partitions);
            }
            if (paused || stopping) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
            if (partitionListener != null) {
                partitionListener.revoked(partitions);
            }
        }
    }

    /** A record whose work is done. */
    private record Finished(TopicPartition partition, long offset) {
    }
}
