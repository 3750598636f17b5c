package io.llmwatch.app.bench;

import io.llmwatch.app.bench.ThroughputRounds.Result;
import io.llmwatch.topic.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bench --jvms N}: the scorer's scale-out over separate processes. The scorer runs in one
 * child JVM, then as N instances in N child JVMs, in each round of the bench (cold, then warm: each
 * child runs a round of each), while the broker and the producer stay in the bench's JVM. Each
 * round is timed by the bench like its in-JVM rounds; its CPU per call is that of every process
 * (the bench's, the broker's included, and the children's), and its aborted records are those
 * written to {@code llmwatch.scored} during that round.
 */
final class JvmScaleOut implements AutoCloseable {

    /** Times one round of instances as the bench times its in-JVM rounds. */
    @FunctionalInterface
    interface Rounds {
        Result measure(String name, String applicationId, RoundInstances instances) throws Exception;
    }

    /**
     * One round's figures, the records it aborted on {@code llmwatch.scored}, and each child JVM's
     * CPU per call (the rest of the round's is this JVM's: the broker's, mostly).
     */
    record Row(Result result, AbortedRecords aborted, List<Double> childCpuMicrosPerCall, List<List<String>> childProfiles) {

        double childrenCpuMicrosPerCall() {
            return childCpuMicrosPerCall.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final int jvms;
    private final boolean profile;
    private final String bootstrap;
    private final Rounds rounds;
    private final ChildJvms one;
    private final ChildJvms many;
    private final List<Row> rows = new ArrayList<>();

    private JvmScaleOut(int jvms, boolean profile, String bootstrap, Rounds rounds, ChildJvms one, ChildJvms many) {
        this.jvms = jvms;
        this.profile = profile;
        this.bootstrap = bootstrap;
        this.rounds = rounds;
        this.one = one;
        this.many = many;
    }

    /**
     * Starts 1 + {@code jvms} child JVMs: one for the 1-JVM rounds, {@code jvms} for the others, so
     * that each child's first round is cold and its second warm.
     *
     * @param profile whether each child profiles its instance in the warm rounds, printed with the table
     */
    static JvmScaleOut start(int jvms, boolean profile, String bootstrap, Path stateDir, Rounds rounds) throws Exception {
        ChildJvms one = ChildJvms.start(1, bootstrap, stateDir.resolve("jvms-1"));
        try {
            return new JvmScaleOut(jvms, profile, bootstrap, rounds, one, ChildJvms.start(jvms, bootstrap, stateDir.resolve("jvms-" + jvms)));
        } catch (Exception e) {
            one.close();
            throw e;
        }
    }

    /** Runs round {@code round} ("cold", "warm") on 1 JVM, then on N. */
    void round(String round) throws Exception {
        rows.add(measure(round, 1, one));
        rows.add(measure(round, jvms, many));
    }

    private Row measure(String round, int count, ChildJvms pool) throws Exception {
        String applicationId = "llmwatch-bench-scorer-jvms" + count + "-" + round;
        Map<TopicPartition, Long> before = AbortedRecords.ends(bootstrap, Topics.SCORED.name());
        ChildJvms.Round instances = pool.round(applicationId);
        if (profile && round.equals("warm")) {
            instances.profiled();
        }
        Result result = rounds.measure(round + ": scorer, " + (count == 1 ? "1 JVM" : count + " JVMs, 1 instance each"),
                applicationId, instances);
        return new Row(result, AbortedRecords.since(bootstrap, Topics.SCORED.name(), before),
                LongStream.of(instances.childrenCpuNanos()).mapToObj(nanos -> nanos / 1e3 / result.calls()).toList(),
                instances.profiles());
    }

    void print(PrintStream console) {
        console.printf("%nscale-out: scorer instances in JVMs of their own (-Xmx512m each); broker and producer in this one;%n"
                + "CPU per call of all the processes, and of that the child JVMs' (the rest is this JVM's: the broker);%n"
                + "steady/s from the processed counts the children report every 25 ms%n");
        console.printf("%-46s %12s %10s %14s %14s %10s %10s %14s  %s%n", "round", "calls", "seconds", "calls/s", "steady/s", "dropped",
                "aborted", "CPU us/call", "in children (each)");
        for (Row row : rows) {
            Result r = row.result();
            console.printf(Locale.ROOT, "%-46s %,12d %10.2f %,14.0f %14s %,10d %,10d %14.0f  %.0f (%s)%n", r.name(), r.calls(),
                    r.seconds(), r.callsPerSecond(), ThroughputRounds.steady(r.steadyCallsPerSecond(), "%,.0f"), r.droppedRecords(),
                    row.aborted().uncommitted() - row.aborted().committed(),
                    r.cpuMicrosPerCall(), row.childrenCpuMicrosPerCall(), row.childCpuMicrosPerCall().stream()
                            .map(micros -> String.format(Locale.ROOT, "%.0f", micros)).collect(Collectors.joining(" + ")));
        }
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            Result single = rows.get(i).result();
            Result multiple = rows.get(i + 1).result();
            console.printf(Locale.ROOT, "%s: %d JVMs / 1 JVM: %.2f by calls/s, %s by steady rate; CPU per call %.2f of 1 JVM's%n",
                    single.name().substring(0, single.name().indexOf(':')), jvms,
                    multiple.callsPerSecond() / single.callsPerSecond(),
                    ThroughputRounds.steady(ThroughputRounds.ratio(multiple.steadyCallsPerSecond(), single.steadyCallsPerSecond()), "%.2f"),
                    multiple.cpuMicrosPerCall() / single.cpuMicrosPerCall());
        }
        for (Row row : rows) {
            for (int i = 0; i < row.childProfiles().size(); i++) {
                if (!row.childProfiles().get(i).isEmpty()) {
                    console.printf("%n%s, child JVM %d of %d, its instance's threads since it started:%n", row.result().name(), i + 1,
                            row.childProfiles().size());
                    row.childProfiles().get(i).forEach(console::println);
                }
            }
        }
    }

    /** Ends every child JVM. */
    @Override
    public void close() {
        try (ChildJvms first = one) {
            many.close();
        }
    }
}
