package io.llmwatch.sdk;

import io.llmwatch.event.CallBuilder;
import io.llmwatch.redact.RedactionConfig;
import io.llmwatch.event.LlmCall;
import io.llmwatch.redact.Redactor;
import io.llmwatch.validate.EventReader;
import io.llmwatch.validate.EventTimeWindow;
import io.llmwatch.validate.FieldError;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the LLM calls of a JVM service into llmwatch's Kafka topic {@code llmwatch.calls}.
 *
 * <pre>{@code
 * LlmWatch watch = LlmWatch.builder()
 *         .bootstrapServers("kafka:9092")
 *         .app("support-bot")
 *         .spoolDirectory(Path.of("/var/lib/support-bot/llmwatch-spool"))
 *         .build();
 * watch.record(CallBuilder.create().taskType("summarize-ticket").requestModel("gpt-4.1-mini") ... .build());
 * ...
 * watch.close(Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>{@link #record} never throws and, while its queue has room, never waits: it fills in what is
 * missing, validates, and puts the call on a bounded queue (a full queue costs the caller one disk
 * write, see below). A background thread sends calls with an idempotent producer
 * ({@code acks=all}) keyed by {@code call_id}. When Kafka cannot take them, calls go to a disk spool
 * (see {@link DiskSpool}) and are sent oldest first when it is back; a new instance on the same
 * directory sends what a crashed one left. A full queue spills to the spool; a full spool drops, and
 * every drop is counted ({@link #metrics()}) and logged once per interval. Calls still in memory (the
 * queue, the producer's buffer) when the process dies without {@link #close} are lost: close it on
 * shutdown. Thread-safe.
 */
public final class LlmWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmWatch.class);
    private static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final long FLUSH_POLL_NANOS = 2_000_000;
    private static final long MAX_BLOCK_MILLIS = 1_000;
    private static final long SENDER_STOP_GRACE_MILLIS = MAX_BLOCK_MILLIS + 1_000;

    private final CallDefaults defaults;
    private final Redactor redactor;
    private final EventReader<LlmCall> reader;
    private final CallQueue queue;
    private final Spool spool;
    private final Producer<byte[], byte[]> producer;
    private final Sender sender;
    private final Thread senderThread;
    private final SdkMetrics metrics;
    private final LongAdder unsettled = new LongAdder();
    private final IntervalLog invalidLog;
    private final IntervalLog closedLog;
    private final IntervalLog failureLog;
    private final Object closeLock = new Object();
    private volatile boolean closed;

    private LlmWatch(Builder builder) {
        this.defaults = new CallDefaults(builder.app, builder.taskType, builder.environment, builder.clock);
        this.redactor = Redactor.of(builder.redaction);
        this.reader = LlmCall.reader(builder.eventTimes);
        this.queue = new CallQueue(builder.queueCapacity);
        this.invalidLog = new IntervalLog(LOG, builder.logInterval);
        this.closedLog = new IntervalLog(LOG, builder.logInterval);
        this.failureLog = new IntervalLog(LOG, builder.logInterval);
        LongAdder corrupt = new LongAdder();
        if (builder.spoolDirectory == null) {
            LOG.warn("llmwatch has no spool directory: calls that Kafka cannot take are dropped (counted). "
                    + "Set LlmWatch.builder().spoolDirectory(...) in production.");
            this.spool = new NoSpool();
        } else {
            long segmentBytes = Math.max(64 * 1024, Math.min(4 * 1024 * 1024, builder.spoolMaxBytes / 8));
            this.spool = DiskSpool.open(builder.spoolDirectory, builder.spoolMaxBytes, segmentBytes, corrupt::add);
        }
        this.metrics = new SdkMetrics(queue::size, spool::bytes);
        metrics.addSpoolCorrupt(corrupt.sum());
        if (builder.meterRegistry != null) {
            MicrometerMetrics.bind(builder.meterRegistry, metrics);
        }
        try {
            this.producer = new KafkaProducer<>(producerConfig(builder), new ByteArraySerializer(),
                    new ByteArraySerializer());
        } catch (RuntimeException e) {
            spool.close();
            throw e;
        }
        this.sender = new Sender(queue, producer, spool, metrics, unsettled, builder.spoolSyncInterval,
                builder.logInterval);
        this.senderThread = new Thread(sender, "llmwatch-sender");
        senderThread.setDaemon(true);
        senderThread.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records one call. Fills {@code call_id} (a random UUID), {@code timestamp} (now), {@code app},
     * {@code task_type} and {@code environment} from the builder's defaults where the call has none,
     * validates it (its timestamp too, against {@link Builder#eventTimes}), and queues it for sending. Never throws; waits only for a disk write when the queue
     * is full (the call then goes to the spool). An invalid call is
     * counted as {@link SdkMetrics#invalid() invalid} and logged (once per interval), not thrown.
     */
    public void record(LlmCall call) {
        try {
            if (call == null) {
                metrics.addInvalid();
                invalidLog.warn("A null call was not recorded", "record(null)");
                return;
            }
            if (closed) {
                metrics.addDropped();
                closedLog.warn("A call recorded after close() is dropped", call.callId());
                return;
            }
            // The collector's redaction, here too: the SDK writes to llmwatch.calls without passing it.
            LlmCall filled = redactor.redact(defaults.apply(call));
            // The collector's and the scorer's rule: a call the scorer would refuse is refused here.
            List<FieldError> errors = reader.errors(filled, defaults.clock().instant());
            if (!errors.isEmpty()) {
                metrics.addInvalid();
                invalidLog.warn("An invalid call was not recorded", errors);
                return;
            }
            metrics.addRecorded();
            unsettled.increment();
            if (!queue.offer(filled)) {
                unsettled.decrement();
                sender.spill(filled);
            }
        } catch (RuntimeException e) {
            metrics.addDropped();
            failureLog.warn("A call could not be recorded and is dropped", e.toString());
        }
    }

    /**
     * Waits until every call recorded so far has been acknowledged by Kafka (none left in the queue,
     * in flight or in the spool), at most {@code timeout}.
     *
     * @return true if everything was sent, false on timeout (e.g. while Kafka is unreachable)
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!settled()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(FLUSH_POLL_NANOS);
        }
        return true;
    }

    private boolean settled() {
        return unsettled.sum() == 0 && queue.isEmpty() && !sender.resending() && spool.isEmpty();
    }

    /**
     * Sends what it can within {@code timeout}, spools the rest (the next instance on the same spool
     * directory sends it), and releases the producer and the spool. Calls recorded afterwards are
     * dropped and counted. Idempotent.
     */
    public void close(Duration timeout) {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        flush(timeout);
        sender.stop();
        try {
            // The sender stops within one send (at most max.block.ms) even when the timeout is spent.
            senderThread.join(Math.max(SENDER_STOP_GRACE_MILLIS, remainingMillis(deadline)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The producer fails whatever it could not deliver in time; its callbacks spool those records.
        producer.close(Duration.ofMillis(remainingMillis(deadline)));
        sender.drainToSpool();
        spool.close();
        LOG.info("llmwatch closed: {}", metrics);
    }

    /** {@link #close(Duration)} with a 5-second timeout. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    public SdkMetrics metrics() {
        return metrics;
    }

    /** The clock that stamps calls recorded without a timestamp (adapters stamp calls with it too). */
    public Clock clock() {
        return defaults.clock();
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    }

    private static Map<String, Object> producerConfig(Builder builder) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "llmwatch-sdk" + (builder.app == null ? "" : "-" + builder.app));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Calls are 1-10 KB of JSON: batches of 16 KB (the default) would cap throughput at a few
        // requests in flight per round trip.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // send() waits this long for metadata or buffer space: on the sender thread, never a caller's,
        // but short so that the sender gets back to its queue and spools while Kafka is away.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MILLIS);
        // A record Kafka has not acknowledged within this time fails and goes to the spool
        // (delivery.timeout.ms must be at least linger.ms + request.timeout.ms).
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(builder.producerProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, builder.bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** Options of an {@link LlmWatch}; only the bootstrap servers are required. */
    public static final class Builder {

        private String bootstrapServers;
        private final Map<String, Object> producerProperties = new HashMap<>();
        private Path spoolDirectory;
        private long spoolMaxBytes = 256L * 1024 * 1024;
        private Duration spoolSyncInterval = Duration.ofSeconds(1);
        private int queueCapacity = 8_192;
        private String app;
        private String taskType;
        private String environment;
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private Duration logInterval = Duration.ofMinutes(1);
        private RedactionConfig redaction = RedactionConfig.NONE;
        private EventTimeWindow eventTimes = EventTimeWindow.DEFAULT;

        private Builder() {
        }

        /** Kafka's {@code bootstrap.servers}, e.g. {@code kafka-1:9092,kafka-2:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /**
         * Any other producer property (security, {@code delivery.timeout.ms}, {@code max.request.size},
         * …). {@code acks=all}, idempotence, the serializers and the bootstrap servers are fixed.
         */
        public Builder producerProperty(String name, Object value) {
            producerProperties.put(name, value);
            return this;
        }

        public Builder producerProperties(Map<String, ?> properties) {
            producerProperties.putAll(properties);
            return this;
        }

        /**
         * Where calls wait while Kafka is unreachable; one directory per live instance. Without one,
         * such calls are dropped (and counted).
         */
        public Builder spoolDirectory(Path spoolDirectory) {
            this.spoolDirectory = spoolDirectory;
            return this;
        }

        /** The most the spool holds on disk (default 256 MiB); beyond it new calls are dropped. */
        public Builder spoolMaxBytes(long spoolMaxBytes) {
            if (spoolMaxBytes < 1) {
                throw new IllegalArgumentException("spoolMaxBytes must be positive, got " + spoolMaxBytes);
            }
            this.spoolMaxBytes = spoolMaxBytes;
            return this;
        }

        /** How often spooled calls are forced to disk (default 1 s): what a power loss can cost. */
        public Builder spoolSyncInterval(Duration spoolSyncInterval) {
            this.spoolSyncInterval = Objects.requireNonNull(spoolSyncInterval);
            return this;
        }

        /** Calls held in memory before callers spill to the spool themselves (default 8,192). */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be positive, got " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** The {@code app} of calls recorded without one. */
        public Builder app(String app) {
            this.app = app;
            return this;
        }

        /** The {@code task_type} of calls recorded without one. */
        public Builder taskType(String taskType) {
            this.taskType = taskType;
            return this;
        }

        /** The {@code environment} of calls recorded without one (else {@code prod}). */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** Publishes the {@code llmwatch.sdk.*} meters there; needs micrometer-core on the classpath. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /**
         * The event times accepted, as the pipeline's {@code pipeline.max_event_age} and
         * {@code pipeline.max_future_skew} (default 7 days and 5 minutes): a call outside is counted
         * as invalid, not sent, since the scorer would only dead-letter it.
         */
        public Builder eventTimes(EventTimeWindow eventTimes) {
            this.eventTimes = Objects.requireNonNull(eventTimes);
            return this;
        }

        /** The clock that stamps calls recorded without a timestamp (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** At most one warning per kind (invalid calls, drops, Kafka unreachable) per interval (default 1 min). */
        public Builder logInterval(Duration logInterval) {
            this.logInterval = Objects.requireNonNull(logInterval);
            return this;
        }

        /**
         * Masking and content dropping applied to every call before it is queued, as the collector
         * applies {@code collector.redaction}: the built-in masks (API keys, e-mails, card numbers,
         * phone numbers) and credential-field removal always apply; this adds patterns and
         * {@code drop_content} apps (default: none).
         */
        public Builder redaction(RedactionConfig redaction) {
            this.redaction = Objects.requireNonNull(redaction);
            return this;
        }

        /**
         * Starts the recorder: opens the spool (taking over calls a previous instance left there),
         * creates the producer and starts the sender thread. The broker need not be reachable.
         *
         * @throws IllegalStateException when the bootstrap servers are missing or the spool directory
         *                               is used by another live instance
         */
        public LlmWatch build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalStateException("bootstrapServers is required");
            }
            return new LlmWatch(this);
        }
    }
}
