package io.llmwatch.app.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a topology's CPU goes, stage by stage: a Java Flight Recorder recording (the JDK's own
 * sampling profiler, "profile" settings: a sample per thread every 10 ms) around one round of the
 * benchmark, whose execution samples on that application's threads are attributed to the first
 * frame, from the leaf up, that names a stage; a sample with none falls to the Streams runtime or
 * the Kafka clients in general. Sampling, so a stage below ~2 % is within noise.
 *
 * <p>Besides each stage's share, its CPU per call: the share times the CPU the application's own
 * threads took per call ({@link #threadCpuNanos}). A share is relative to everything else the
 * application does (the same parse is a larger share of the baseline than of the scorer), and JFR
 * takes about as many samples per second of a slow round as of a fast one, so neither shares nor
 * sample counts compare one stage across two applications; CPU per call does. It counts native code
 * (RocksDB, socket writes) that JFR's Java samples miss, so it overstates the Java stages a little.
 *
 * <p>And the bytes each stage allocates per call, from the same recording's allocation samples
 * ({@code jdk.ObjectAllocationSample}, whose weight is the bytes the thread allocated since its
 * previous sample, so their sum estimates all it allocated): allocation is CPU the execution samples
 * charge to the allocating frame (zeroing new memory, the cache misses after it) plus the garbage
 * collector's work, which they do not sample at all.
 */
final class StageProfile implements AutoCloseable {

    /** Leaf to root, the first frame whose class or method contains the pattern names the stage. */
    private static final List<Map.Entry<String, String>> STAGES = List.of(
            Map.entry("org.rocksdb.", "RocksDB (state stores)"),
            Map.entry("StoreChangeLogger", "changelog writes"),
            Map.entry("ChangeLogging", "changelog writes"),
            Map.entry("CallEntrySerde", "dedup store"),
            Map.entry("CallStore", "dedup store"),
            Map.entry("StatsPartialSerde", "stats repartition (serde)"),
            Map.entry("StatsContributionSerde", "stats repartition (serde)"),
            Map.entry("StatsCombiner", "stats combine"),
            Map.entry("io.llmwatch.scorer.stats", "window aggregation"),
            Map.entry("io.llmwatch.scorer.sample", "sampler (incl. by-task repartition)"),
            Map.entry("io.llmwatch.scorer.compare", "comparisons"),
            Map.entry("ScoredCallJson", "serialize scored call (JSON)"),
            Map.entry("io.llmwatch.price", "pricing and scoring"),
            Map.entry("LivePrices", "pricing and scoring"),
            Map.entry("io.llmwatch.scorer.quality", "pricing and scoring"),
            Map.entry("ScoreProcessor", "pricing and scoring"),
            Map.entry("EventTimeWindow", "validate"),
            Map.entry("EventReader", "deserialize (JSON)"),
            // the baseline's parse, and any other bind the scorer does: the same stage as EventReader's
            Map.entry("ObjectMapper.readValue", "deserialize (JSON)"),
            Map.entry("ScorerTopology", "stats repartition (re-key)"),
            Map.entry("NamedCache", "record cache"),
            Map.entry("ThreadCache", "record cache"),
            Map.entry("Sensor", "metrics"),
            Map.entry("maybeRecordE2ELatency", "metrics"),
            Map.entry("commitTransaction", "transaction commit"),
            Map.entry("TaskManager.commit", "transaction commit"),
            Map.entry("StreamsProducer", "producer send (outputs, repartitions, changelogs)"),
            Map.entry("RecordCollectorImpl", "producer send (outputs, repartitions, changelogs)"),
            Map.entry("KafkaProducer", "producer send (outputs, repartitions, changelogs)"),
            Map.entry("producer.internals", "producer I/O thread"),
            Map.entry("org.apache.kafka.common.serialization", "consumer fetch + key deserialization"),
            Map.entry("KafkaConsumer", "consumer fetch + key deserialization"),
            Map.entry("DefaultRecord", "consumer fetch + key deserialization"));
    /** When no stage matched anywhere in the stack. */
    private static final List<Map.Entry<String, String>> GENERAL = List.of(
            Map.entry("org.apache.kafka.streams", "Streams runtime (other)"),
            Map.entry("org.apache.kafka", "Kafka clients (other)"));

    private static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    private static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";

    private final Recording recording;

    private StageProfile(Recording recording) {
        this.recording = recording;
    }

    /** Starts recording execution samples. */
    static StageProfile start() throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
        return new StageProfile(recording);
    }

    /** Stops recording, so that what runs next (the bench's other rounds) is not in it. */
    void stop() {
        if (recording.getState() == RecordingState.RUNNING) {
            recording.stop();
        }
    }

    /** CPU time so far of the live threads whose names contain {@code application}. */
    static long threadCpuNanos(String application) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(application)) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos;
    }

    /**
     * Stops recording and prints the share of samples per stage of the threads whose names contain
     * {@code application}, each stage's CPU per call out of {@code cpuMicrosPerCall}, the CPU per call
     * of those threads over the round, and the bytes each stage allocated per call over {@code calls}.
     */
    void print(PrintStream console, String application, long calls, double cpuMicrosPerCall) throws IOException {
        stop();
        Path file = Files.createTempFile("llmwatch-bench-", ".jfr");
        try {
            recording.dump(file);
            Map<String, Long> stages = new HashMap<>();
            Map<String, Long> allocated = new HashMap<>();
            Map<String, Long> threads = new HashMap<>();
            long total = 0;
            long everything = 0;
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                String type = event.getEventType().getName();
                if (type.equals(ALLOCATION_SAMPLE)) {
                    RecordedThread thread = event.getThread("eventThread");
                    RecordedStackTrace stack = event.getStackTrace();
                    if (thread != null && thread.getJavaName() != null && thread.getJavaName().contains(application) && stack != null) {
                        allocated.merge(stage(stack.getFrames()), event.getLong("weight"), Long::sum);
                    }
                    continue;
                }
                if (!type.equals(EXECUTION_SAMPLE)) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                RecordedStackTrace stack = event.getStackTrace();
                String name = thread == null || thread.getJavaName() == null ? "" : thread.getJavaName();
                threads.merge(threadGroup(name, application), 1L, Long::sum);
                everything++;
                if (!name.contains(application) || stack == null) {
                    continue;
                }
                stages.merge(stage(stack.getFrames()), 1L, Long::sum);
                total++;
            }
            console.printf(Locale.ROOT, "%nCPU per thread group (JFR execution samples of the whole process, %,d samples):%n", everything);
            long samples = everything;
            threads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> console.printf(Locale.ROOT, "  %-50s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / samples));
            double perCall = Math.max(1, calls);
            console.printf(Locale.ROOT, "%nCPU and allocation per stage (JFR execution and allocation samples of %s's threads, %,d execution samples;"
                    + " %,.0f bytes allocated per call in all):%n", application, total,
                    allocated.values().stream().mapToLong(Long::longValue).sum() / perCall);
            console.printf(Locale.ROOT, "  %-50s %7s %12s %14s   (of %.1f us per call on its threads)%n", "stage", "share",
                    "us/call", "bytes/call", cpuMicrosPerCall);
            long all = Math.max(1, total);
            Map<String, Long> rows = new HashMap<>(stages);
            allocated.keySet().forEach(stage -> rows.putIfAbsent(stage, 0L));
            rows.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                            .thenComparing(e -> -allocated.getOrDefault(e.getKey(), 0L)))
                    .forEach(e -> console.printf(Locale.ROOT, "  %-50s %5.1f %% %12.1f %,14.0f%n", e.getKey(),
                            100.0 * e.getValue() / all, cpuMicrosPerCall * e.getValue() / all,
                            allocated.getOrDefault(e.getKey(), 0L) / perCall));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Which part of the process a thread belongs to: the measured application's stream threads, its
     * producers' I/O threads, the embedded broker, or the rest (JFR, GC is not sampled).
     */
    static String threadGroup(String thread, String application) {
        if (thread.contains(application)) {
            return thread.contains("producer") ? "application: producer I/O threads" : "application: stream threads";
        }
        if (thread.startsWith("data-plane-kafka") || thread.startsWith("kafka-") || thread.contains("broker")
                || thread.contains("Replica") || thread.contains("controller") || thread.contains("raft")
                || thread.contains("quorum") || thread.contains("group-coordinator") || thread.contains("transaction")
                || thread.startsWith("ExpirationReaper") || thread.contains("LogDirFailure")) {
            return "embedded broker";
        }
        return "other: " + thread.replaceAll("[-_]?\\d+", "");
    }

    static String stage(List<RecordedFrame> frames) {
        for (List<Map.Entry<String, String>> rules : List.of(STAGES, GENERAL)) {
            for (RecordedFrame frame : frames) {
                String method = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                if (method.startsWith("io.llmwatch.") && method.endsWith(".validate")) {
                    return "validate";
                }
                for (Map.Entry<String, String> rule : rules) {
                    if (method.contains(rule.getKey())) {
                        return rule.getValue();
                    }
                }
            }
        }
        return "JDK (other)";
    }

    @Override
    public void close() {
        recording.close();
    }
}
