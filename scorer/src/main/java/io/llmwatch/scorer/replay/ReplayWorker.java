package io.llmwatch.scorer.replay;

import io.llmwatch.delivery.PartitionProgress;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays sampled calls from {@code llmwatch.replay.requests} and publishes one
 * {@link ReplayResult} per target to {@code llmwatch.replay.results} (keyed {@code call_id}), with
 * its own consumer (group {@code llmwatch-replay}, read-committed, manual commits) and idempotent
 * producer: provider calls are slow and must never block a Kafka Streams thread, so the worker is
 * no part of a topology.
 *
 * <p>One thread polls; replays run asynchronously ({@link Replayer}). A request's offset is
 * committed only once every result it produced was acknowledged by the broker, and only as the end
 * of the contiguous prefix of such requests in its partition. So a crash or restart replays at most
 * the requests after the committed offset — delivery is at least once, and a result published twice
 * carries the same {@link ReplayResult#resultId()}, by which downstream counts it once.
 *
 * <p>At most {@code maxInFlight} requests are worked on at once: beyond that the worker pauses its
 * partitions and keeps polling (so it stays in its group) until half of them are done. A rebalance
 * waits briefly for the requests of the partitions it takes away and commits what is done. An
 * unreadable request goes to {@code llmwatch.dlq} with the reason and never stops the worker. If
 * the broker refuses results for good, the worker stops without committing them and reports the
 * {@link #failure()} to its {@link #onFailure} listener; {@link ReplaySupervisor} starts a new one.
 */
public final class ReplayWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayWorker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final EventReader<ReplayRequest> REQUESTS = new EventReader<>(ReplayRequest.class, ReplayRequest.SCHEMA);
    /**
     * While paused a poll returns nothing and would wait its whole timeout, long enough for the
     * requests in flight to run out; so it checks back soon.
     */
    private static final Duration PAUSED_POLL = Duration.ofMillis(5);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Finished requests are committed at most this often: each commit is a write to the group's
     * offsets log, and a crash replays at most this much more.
     */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(200).toNanos();
    private static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);
    private static final String COMPONENT = "replay-worker";
    private static final Serializer<ReplayResult> RESULTS = Topics.REPLAY_RESULTS.valueSerde().serializer();
    private static final Serializer<DeadLetter> DEAD_LETTERS = Topics.DLQ.valueSerde().serializer();

    private final ReplayWorkerSettings settings;
    private final Replayer replayer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final MeterRegistry meters;
    private final Timer duration;
    private final Counter replayed;
    private final Counter deadLettered;
    private final Map<String, Counter> resultCounters = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile Throwable failure;
    private volatile BiConsumer<ReplayWorker, Throwable> onFailure = (worker, error) -> { };
    private boolean paused;
    private long lastCommitNanos = System.nanoTime();

    public ReplayWorker(ReplayWorkerSettings settings, Replayer replayer, MeterRegistry meters) {
        this.settings = settings;
        this.replayer = replayer;
        this.meters = meters;
        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        consumerProps.putAll(settings.clientOverrides());
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        producerProps.putAll(settings.clientOverrides());
        this.consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "llmwatch-replay-worker");
        this.duration = Timer.builder("llmwatch.replay.duration")
                .description("from a request's arrival until all its results were acknowledged").register(meters);
        this.replayed = Counter.builder("llmwatch.replay.requests").tag("outcome", "replayed")
                .description("replay requests whose results were published").register(meters);
        this.deadLettered = Counter.builder("llmwatch.replay.requests").tag("outcome", "dead_lettered")
                .description("replay requests sent to the dead-letter topic").register(meters);
    }

    /**
     * Called with this worker and the failure once it stopped on its own and closed its clients
     * (not after {@link #close()}); on the worker's thread. Set it before {@link #start()}.
     */
    public ReplayWorker onFailure(BiConsumer<ReplayWorker, Throwable> listener) {
        this.onFailure = listener;
        return this;
    }

    /** Starts polling on the worker's own thread. */
    public ReplayWorker start() {
        thread.start();
        return this;
    }

    /** Requests being worked on now. */
    public int inFlight() {
        return outstanding.get();
    }

    /** Why the worker stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops, waiting up to the settings' shutdown timeout for the requests in flight. */
    @Override
    public void close() {
        close(settings.shutdownTimeout());
    }

    /**
     * Stops: no new requests, up to {@code timeout} for those in flight, then commits what is done
     * and closes the clients. Requests still in flight then are not committed; the next worker of
     * the group replays them.
     */
    public void close(Duration timeout) {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        stopping = true;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();
            producer.close(Duration.ZERO);
            return;
        }
        try {
            thread.join(timeout.plus(COMMIT_TIMEOUT).plus(CLIENT_CLOSE.multipliedBy(2)).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.REPLAY_REQUESTS.name()), new Rebalance());
            while (!stopping) {
                consumer.poll(paused ? PAUSED_POLL : POLL).forEach(this::dispatch);
                settle(false);
                throttle();
            }
            drain();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("replay worker stopped", e);
        } finally {
            try {
                settle(true);
            } catch (RuntimeException e) {
                LOG.warn("replay worker: final commit failed; the next worker replays from the last commit: {}", e.toString());
            }
            consumer.close(CloseOptions.timeout(CLIENT_CLOSE));
            producer.close(remaining());
            if (failure != null) {
                onFailure.accept(this, failure);
            }
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        progress.computeIfAbsent(partition, p -> new PartitionProgress()).started(record.offset());
        outstanding.incrementAndGet();
        long start = System.nanoTime();
        Finished done = new Finished(partition, record.offset(), start);
        ReplayRequest request;
        try {
            request = REQUESTS.read(record.value());
        } catch (ValidationException e) {
            deadLetter(record, e.errors(), done);
            return;
        }
        replayer.replay(request).whenComplete((results, error) -> {
            if (error != null) {
                LOG.error("replay of {} failed unexpectedly; sending it to the dead-letter topic", request.callId(), error);
                deadLetter(record, List.of(new FieldError("$", "could not be replayed: " + error)), done);
            } else {
                publish(results, done);
            }
        });
    }

    private void publish(List<ReplayResult> results, Finished done) {
        replayed.increment();
        AtomicInteger unacknowledged = new AtomicInteger(results.size());
        for (ReplayResult result : results) {
            resultCounter(result).increment();
            send(new ProducerRecord<>(Topics.REPLAY_RESULTS.name(), result.callId(),
                    RESULTS.serialize(Topics.REPLAY_RESULTS.name(), result)), () -> {
                if (unacknowledged.decrementAndGet() == 0) {
                    finish(done);
                }
            });
        }
    }

    private Counter resultCounter(ReplayResult result) {
        String outcome = result.failed() ? result.error().type() : "ok";
        String control = Boolean.toString(result.control());
        return resultCounters.computeIfAbsent(outcome + "/" + control, key -> Counter.builder("llmwatch.replay.results")
                .tag("outcome", outcome).tag("control", control).description("replay results published").register(meters));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, List<FieldError> errors, Finished done) {
        deadLettered.increment();
        DeadLetter letter = DeadLetter.of(record.key(), record.value(), errors, record.topic(), record.partition(),
                record.offset(), COMPONENT, Instant.now());
        LOG.warn("replay request at {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
                record.offset(), letter.reason());
        send(new ProducerRecord<>(Topics.DLQ.name(), record.key(), DEAD_LETTERS.serialize(Topics.DLQ.name(), letter)),
                () -> finish(done));
    }

    private void send(ProducerRecord<String, byte[]> record, Runnable acknowledged) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.run();
                } else {
                    publishFailed(error);
                }
            });
        } catch (RuntimeException e) {
            publishFailed(e);
        }
    }

    private void publishFailed(Throwable error) {
        if (stopping) {
            LOG.debug("replay worker: a result was not published while stopping ({}); it will be replayed", error.toString());
            return;
        }
        failure = error;
        deadlineNanos = System.nanoTime();
        stopping = true;
        LOG.error("replay worker cannot publish results; stopping without committing them", error);
    }

    private void finish(Finished done) {
        duration.record(System.nanoTime() - done.startNanos(), TimeUnit.NANOSECONDS);
        // queued before it stops counting as in flight, so whoever sees zero in flight also sees it finished
        finished.add(done);
        outstanding.decrementAndGet();
    }

    /** Marks finished requests and commits the partitions whose finished prefix grew. */
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
                LOG.warn("replay worker: commit failed, retrying with the next: {}", error.toString());
                committed.forEach((partition, offset) -> {
                    PartitionProgress p = progress.get(partition);
                    if (p != null) {
                        p.commitFailed(offset.offset());
                    }
                });
            }
        });
    }

    /** Pauses fetching while too many requests are in flight, resumes when half of them are done. */
    private void throttle() {
        int inFlight = outstanding.get();
        if (!paused && inFlight > settings.maxInFlight() - settings.maxPollRecords()) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && inFlight <= settings.maxInFlight() / 2) {
            consumer.resume(consumer.assignment());
            paused = false;
        }
    }

    /** On shutdown: no more fetching; waits for the requests in flight until the deadline. */
    private void drain() {
        consumer.pause(consumer.assignment());
        paused = true;
        while (outstanding.get() > 0 && System.nanoTime() < deadlineNanos) {
            // polling paused partitions fetches nothing but keeps the group membership and runs commit callbacks
            consumer.poll(PAUSED_POLL);
            settle(false);
        }
    }

    private Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(Math.min(left, CLIENT_CLOSE.toNanos())) : Duration.ZERO;
    }

    /** Commits what is done of partitions taken away, after waiting briefly for their requests in flight. */
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
                LOG.warn("replay worker: commit on revocation failed; the new owner replays from the last commit: {}",
                        e.toString());
            }
            partitions.forEach(progress::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused || stopping) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
        }
    }

    /** A request whose results were all acknowledged (or that went to the dead-letter topic). */
    private record Finished(TopicPartition partition, long offset, long startNanos) {
    }
}
