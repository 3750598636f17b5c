package io.llmwatch.scorer.replay;

import io.llmwatch.delivery.AtLeastOnceConsumer;
import io.llmwatch.event.DeadLetter;
import io.llmwatch.event.ReplayLedgerEntry;
import io.llmwatch.event.ReplayRequest;
import io.llmwatch.event.ReplayResult;
import io.llmwatch.topic.Topics;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.FieldError;
import io.llmwatch.validate.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays sampled calls from {@code llmwatch.replay.requests} and publishes one
 * {@link ReplayResult} per target to {@code llmwatch.replay.results} (keyed {@code call_id}), with
 * its own consumer (group {@code llmwatch-replay}) and idempotent producer: provider calls are slow
 * and must never block a Kafka Streams thread, so the worker is no part of a topology.
 *
 * <p>The consumer loop is an {@link AtLeastOnceConsumer}: replays run asynchronously
 * ({@link Replayer}), a request counts as done once every result it produced was acknowledged by the
 * broker, and only the contiguous prefix of done requests of a partition is committed. So a crash or
 * restart redelivers at most the requests after the committed offset — delivery is at least once, and a
 * result published twice carries the same {@link ReplayResult#resultId()}, by which downstream counts
 * it once. At most {@code maxInFlight} requests are worked on at once.
 *
 * <p>Payment is at most once, by the replay ledger ({@link ReplayLedger}, {@code llmwatch.replay.ledger}):
 * before any provider is called for a request, {@code started} is written and acknowledged; once its
 * results are acknowledged, {@code finished}. A redelivered request whose ledger entry is
 * {@code finished} is not replayed. One that is only {@code started} was under way when its worker
 * died, so its providers may have been paid: each target is sent again, under the same
 * {@code Idempotency-Key}, only to a provider configured to honour the key, and is otherwise
 * reported as {@code interrupted} (docs/fault-suite.md, "The replay ledger").
 *
 * <p>An unreadable request goes to {@code llmwatch.dlq} with the reason and never stops the worker.
 * If the broker refuses results for good, the worker stops without committing them and reports the
 * {@link #failure()} to its {@link #onFailure} listener; {@link ReplaySupervisor} starts a new one.
 */
public final class ReplayWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayWorker.class);
    private static final EventReader<ReplayRequest> REQUESTS = new EventReader<>(ReplayRequest.class, ReplayRequest.SCHEMA);
    private static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);
    private static final String COMPONENT = "replay-worker";
    private static final Serializer<ReplayResult> RESULTS = Topics.REPLAY_RESULTS.valueSerde().serializer();
    private static final Serializer<DeadLetter> DEAD_LETTERS = Topics.DLQ.valueSerde().serializer();
    private static final Serializer<ReplayLedgerEntry> LEDGER = Topics.REPLAY_LEDGER.valueSerde().serializer();
    private static final Duration LEDGER_LOAD = Duration.ofMinutes(2);

    private final ReplayWorkerSettings settings;
    private final Replayer replayer;
    private final AtLeastOnceConsumer requests;
    private final ReplayLedger ledger;
    private final Clock clock = Clock.systemUTC();
    private final KafkaProducer<String, byte[]> producer;
    private final MeterRegistry meters;
    private final Timer duration;
    private final Counter replayed;
    private final Counter deadLettered;
    private final Counter alreadyFinished;
    private final Counter resumed;
    private final Map<String, Counter> resultCounters = new ConcurrentHashMap<>();
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile BiConsumer<ReplayWorker, Throwable> onFailure = (worker, error) -> { };

    public ReplayWorker(ReplayWorkerSettings settings, Replayer replayer, MeterRegistry meters) {
        this.settings = settings;
        this.replayer = replayer;
        this.meters = meters;
        this.ledger = new ReplayLedger(settings, LEDGER_LOAD);
        this.requests = new AtLeastOnceConsumer(new AtLeastOnceConsumer.Settings(settings.kafka(),
                settings.groupId(), Topics.REPLAY_REQUESTS.name(), settings.maxInFlight(), settings.maxPollRecords(),
                settings.revokeTimeout(), settings.clientOverrides(), settings.member()), this::replay,
                "llmwatch-replay-worker")
                .onPartitions(ledger).onStopped(this::stopped);
        Map<String, Object> producerProps = settings.clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 20));
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        this.duration = Timer.builder("llmwatch.replay.duration")
                .description("from a request's arrival until all its results were acknowledged").register(meters);
        this.replayed = Counter.builder("llmwatch.replay.requests").tag("outcome", "replayed")
                .description("replay requests whose results were published").register(meters);
        this.deadLettered = Counter.builder("llmwatch.replay.requests").tag("outcome", "dead_lettered")
                .description("replay requests sent to the dead-letter topic").register(meters);
        this.alreadyFinished = Counter.builder("llmwatch.replay.requests").tag("outcome", "already_finished")
                .description("replay requests redelivered after a crash that the ledger says were finished: not replayed")
                .register(meters);
        this.resumed = Counter.builder("llmwatch.replay.requests").tag("outcome", "resumed")
                .description("replay requests a crashed worker had started: targets whose provider honours idempotency"
                        + " keys are sent again with the same key, the others are reported interrupted")
                .register(meters);
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
        requests.start();
        return this;
    }

    /** Requests being worked on now. */
    public int inFlight() {
        return requests.inFlight();
    }

    /** Why the worker stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return requests.failure();
    }

    public boolean isRunning() {
        return requests.isRunning();
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
        requests.close(timeout);
    }

    /** Works on one request; the stage completes once all its results (or its dead letter) were acknowledged. */
    private CompletionStage<Void> replay(ConsumerRecord<String, byte[]> record) {
        long start = System.nanoTime();
        // completed by hand, not derived: a failure reaches the supervisor as the producer's own exception
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable finish = () -> {
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            done.complete(null);
        };
        ReplayRequest request;
        try {
            request = REQUESTS.read(record.value());
        } catch (ValidationException e) {
            deadLetter(record, e.errors(), finish, done);
            return done;
        }
        // The ledger says what a worker that owned this partition before did with the request.
        int partition = record.partition();
        String state = ledger.state(partition, ReplayLedgerEntry.requestId(request));
        if (ReplayLedgerEntry.FINISHED.equals(state)) {
            // its results are on llmwatch.replay.results already; only the offset commit was lost
            alreadyFinished.increment();
            finish.run();
            return done;
        }
        boolean interrupted = ReplayLedgerEntry.STARTED.equals(state);
        Runnable replay = () -> replayer.replay(request, interrupted).whenComplete((results, error) -> {
            if (error != null) {
                LOG.error("replay of {} failed unexpectedly; sending it to the dead-letter topic", request.callId(), error);
                deadLetter(record, List.of(new FieldError("$", "could not be replayed: " + error)), finish, done);
            } else {
                // off the producer's thread: a send from its callback can wait for metadata only that thread fetches
                publish(results, () -> CompletableFuture.runAsync(
                        () -> writeLedger(partition, request, ReplayLedgerEntry.FINISHED, finish, done)), done);
            }
        });
        if (interrupted) {
            resumed.increment();
            replay.run();
        } else {
            // no provider is called before the ledger holds "started": a crash from here on is seen by the next owner
            writeLedger(partition, request, ReplayLedgerEntry.STARTED, () -> CompletableFuture.runAsync(replay), done);
        }
        return done;
    }

    /** Writes the request's state to its ledger partition; {@code then} runs once the broker acknowledged it. */
    private void writeLedger(int partition, ReplayRequest request, String state, Runnable then, CompletableFuture<Void> done) {
        ReplayLedgerEntry entry = ReplayLedgerEntry.of(request, state, clock.instant());
        send(new ProducerRecord<>(Topics.REPLAY_LEDGER.name(), partition, entry.requestId(),
                LEDGER.serialize(Topics.REPLAY_LEDGER.name(), entry)), () -> {
            ledger.record(partition, entry);
            then.run();
        }, done);
    }

    private void publish(List<ReplayResult> results, Runnable finish, CompletableFuture<Void> done) {
        replayed.increment();
        AtomicInteger unacknowledged = new AtomicInteger(results.size());
        for (ReplayResult result : results) {
            resultCounter(result).increment();
            send(new ProducerRecord<>(Topics.REPLAY_RESULTS.name(), result.callId(),
                    RESULTS.serialize(Topics.REPLAY_RESULTS.name(), result)), () -> {
                if (unacknowledged.decrementAndGet() == 0) {
                    finish.run();
                }
            }, done);
        }
    }

    private Counter resultCounter(ReplayResult result) {
        String outcome = result.failed() ? result.error().type() : "ok";
        String control = Boolean.toString(result.control());
        return resultCounters.computeIfAbsent(outcome + "/" + control, key -> Counter.builder("llmwatch.replay.results")
                .tag("outcome", outcome).tag("control", control).description("replay results published").register(meters));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, List<FieldError> errors, Runnable finish,
            CompletableFuture<Void> done) {
        deadLettered.increment();
        DeadLetter letter = DeadLetter.of(record.key(), record.value(), errors, record.topic(), record.partition(),
                record.offset(), COMPONENT, Instant.now());
        LOG.warn("replay request at {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
                record.offset(), letter.reason());
        send(new ProducerRecord<>(Topics.DLQ.name(), record.key(), DEAD_LETTERS.serialize(Topics.DLQ.name(), letter)),
                finish, done);
    }

    /** Sends; a refused record fails the request, which stops the loop without committing it. */
    private void send(ProducerRecord<String, byte[]> record, Runnable acknowledged, CompletableFuture<Void> done) {
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acknowledged.run();
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** The loop stopped and closed its consumer: closes the producer, then reports a failure. */
    private void stopped() {
        Optional<Throwable> failure = requests.failure();
        ledger.close();
        producer.close(failure.isPresent() ? Duration.ZERO : remaining());
        failure.ifPresent(error -> onFailure.accept(this, error));
    }

    private Duration remaining() {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(Math.min(left, CLIENT_CLOSE.toNanos())) : Duration.ZERO;
    }
}
