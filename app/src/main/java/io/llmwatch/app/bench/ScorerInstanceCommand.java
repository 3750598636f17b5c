package io.llmwatch.app.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmwatch bench scorer-instance}, hidden: what a child JVM of {@link ChildJvms} runs. It
 * reads commands from its standard input, one a line, and answers each on its standard output
 * with a line starting with {@link #PREFIX}:
 * <ul>
 *   <li>{@code start <application id>}: starts one instance of the bench's scorer topology
 *       ({@link ThroughputRounds#scorer}) as that application, answers {@code running} once it processes;
 *       from before it starts until it stops, says {@code processed <input calls so far>} every
 *       {@link SteadyRate#PERIOD} unasked, for the round's steady rate;
 *   <li>{@code profile}: the next instance is profiled ({@link StageProfile}) from its start to its stop;
 *       answers {@code profiling};
 *   <li>{@code dropped}: answers {@code dropped <records the instance skipped>};
 *   <li>{@code stop}: stops the instance, says {@code processed} a last time, then, if it was
 *       profiled, its CPU per thread group and per stage a line each ({@code profile <line>}), and
 *       answers {@code stopped}.
 * </ul>
 * The end of its input (the parent closed it, or died) stops the instance and ends the process;
 * a failure is answered {@code error <reason>} and ends it too.
 */
@Command(name = ScorerInstanceCommand.NAME, hidden = true, mixinStandardHelpOptions = true,
        description = "Runs scorer instances for `bench --jvms` in a JVM of their own, on commands read from stdin.")
final class ScorerInstanceCommand implements Callable<Integer> {

    static final String NAME = "scorer-instance";
    static final String PREFIX = "llmwatch-bench-instance: ";
    static final String START = "start";
    static final String RUNNING = "running";
    static final String DROPPED = "dropped";
    static final String STOP = "stop";
    static final String STOPPED = "stopped";
    static final String PROCESSED = "processed";
    static final String PROFILE = "profile";
    static final String PROFILING = "profiling";
    /** As long as the bench waits for its in-JVM instances to start. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @Option(names = "--bootstrap-servers", required = true)
    String bootstrap;

    @Option(names = "--state-dir", required = true, description = "the instances' states go under it")
    Path stateDir;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        LocalInstances running = null;
        Thread reporter = null;
        String application = null;
        boolean profileNext = false;
        StageProfile profile = null;
        long cpuAtStart = 0;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.split(" ", 2);
                switch (words[0]) {
                    case START -> {
                        application = words[1];
                        running = new LocalInstances(application, ThroughputRounds::scorer, 1, Map.of(), bootstrap, stateDir);
                        reporter = report(running);
                        if (profileNext) {
                            profile = StageProfile.start();
                            cpuAtStart = StageProfile.threadCpuNanos(application);
                            profileNext = false;
                        }
                        running.start(START_TIMEOUT);
                        answer(RUNNING);
                    }
                    case PROFILE -> {
                        profileNext = true;
                        answer(PROFILING);
                    }
                    case DROPPED -> answer(DROPPED + " " + running.droppedRecords());
                    case STOP -> {
                        stop(reporter);
                        reporter = null;
                        // read while the instance runs: a closed one's metrics (and threads) are gone
                        long processed = running.processedCalls();
                        double cpuMicrosPerCall = (StageProfile.threadCpuNanos(application) - cpuAtStart) / 1e3 / Math.max(1, processed);
                        running.close();
                        running = null;
                        answer(PROCESSED + " " + processed);
                        if (profile != null) {
                            try (StageProfile recorded = profile) {
                                ByteArrayOutputStream table = new ByteArrayOutputStream();
                                recorded.print(new PrintStream(table, true, StandardCharsets.UTF_8), application, processed, cpuMicrosPerCall);
                                table.toString(StandardCharsets.UTF_8).lines().forEach(row -> answer(PROFILE + " " + row));
                            }
                            profile = null;
                        }
                        answer(STOPPED);
                    }
                    default -> throw new IllegalArgumentException("unknown command: " + line);
                }
            }
            return 0;
        } catch (Exception e) {
            answer("error " + e);
            throw e;
        } finally {
            stop(reporter);
            if (profile != null) {
                profile.close();
            }
            if (running != null) {
                running.close();
            }
        }
    }

    /** Says the instance's processed count every {@link SteadyRate#PERIOD} on a thread of its own, until {@link #stop}ped. */
    private Thread report(LocalInstances instance) {
        Thread reporter = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    answer(PROCESSED + " " + instance.processedCalls());
                    Thread.sleep(SteadyRate.PERIOD.toMillis());
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }, "llmwatch-bench-instance-reporter");
        reporter.setDaemon(true);
        reporter.start();
        return reporter;
    }

    private static void stop(Thread reporter) throws InterruptedException {
        if (reporter != null) {
            reporter.interrupt();
            reporter.join();
        }
    }

    private void answer(String reply) {
        out.println(PREFIX + reply);
        out.flush();
    }
}
