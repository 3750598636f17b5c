package io.llmwatch.app.bench;

import io.llmwatch.app.Llmwatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Scorer instances each in a JVM of its own: child processes of this one, started from the same
 * class path, each running {@code llmwatch bench scorer-instance} ({@link ScorerInstanceCommand}).
 * The broker and the producer stay in this JVM. A child lives across rounds, so that its second
 * round runs warm as the in-JVM instances' does; for each round it runs one instance of the round's
 * application, with its own state directory.
 *
 * <p>No child outlives its pool: {@link #close()} ends them, forcibly if they do not end within
 * {@link #GRACE}, and so does a shutdown hook if this JVM is stopped; a child whose standard input
 * closes (this JVM died, however) stops its instance and exits by itself.
 */
final class ChildJvms implements AutoCloseable {

    /** Heap of each child: the scorer's state lives in RocksDB, off the heap. */
    static final String CHILD_HEAP = "-Xmx512m";
    /** How long a child has to stop its instance and exit before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(40);

    /** Read by the shutdown hook's thread too. */
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final Thread killer = new Thread(this::kill, "llmwatch-bench-child-killer");

    private ChildJvms() {
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts {@code count} child JVMs whose instances will use {@code bootstrap} and keep their state under {@code stateDir/jvm-i}. */
    static ChildJvms start(int count, String bootstrap, Path stateDir) throws IOException {
        ChildJvms pool = new ChildJvms();
        try {
            for (int i = 0; i < count; i++) {
                pool.children.add(new Child(bootstrap, stateDir.resolve("jvm-" + i)));
            }
            return pool;
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The child processes, alive or not. */
    List<Process> processes() {
        return children.stream().map(child -> child.process).toList();
    }

    /** The instances of one round of {@code applicationId}: one in each child. */
    Round round(String applicationId) {
        return new Round(applicationId);
    }

    /** One round's instances, one in each child; remembers the children's CPU time over the round as the bench read it. */
    final class Round implements RoundInstances {

        private final String applicationId;
        private long[] firstCpuNanos;
        private long[] lastCpuNanos;
        /** Set once the children's counts were reset for this round: before, they may still hold the previous round's. */
        private volatile boolean started;
        private boolean profiled;

        private Round(String applicationId) {
            this.applicationId = applicationId;
        }

        /** Has each child profile its instance over this round ({@link StageProfile}); read with {@link #profiles()} after it. */
        Round profiled() {
            profiled = true;
            return this;
        }

        /** Each child's CPU per thread group and per stage over this round, as it printed them; empty lists unless {@link #profiled()}. */
        List<List<String>> profiles() {
            return children.stream().map(child -> List.copyOf(child.profile)).toList();
        }

        @Override
        public void start(Duration timeout) throws Exception {
            // the previous round's counts are final (each child said its last before it stopped), so they can go
            children.forEach(child -> child.processed = 0);
            children.forEach(child -> child.profile.clear());
            started = true;
            if (profiled) {
                for (Child child : children) {
                    child.send(ScorerInstanceCommand.PROFILE);
                    child.reply(ScorerInstanceCommand.PROFILING, GRACE);
                }
            }
            // all children join the group at once, as instances of one application deploy
            for (Child child : children) {
                child.send(ScorerInstanceCommand.START + " " + applicationId);
            }
            for (Child child : children) {
                child.reply(ScorerInstanceCommand.RUNNING, timeout);
            }
        }

        @Override
        public long otherProcessesCpuNanos() {
            lastCpuNanos = children.stream().mapToLong(Child::cpuNanos).toArray();
            if (firstCpuNanos == null) {
                firstCpuNanos = lastCpuNanos;
            }
            return LongStream.of(lastCpuNanos).sum();
        }

        /**
         * Each child's CPU time between the first and the last time the bench read it: their share of
         * the round's, and whether the instances shared the work.
         */
        long[] childrenCpuNanos() {
            long[] used = new long[children.size()];
            for (int i = 0; firstCpuNanos != null && i < used.length; i++) {
                used[i] = lastCpuNanos[i] - firstCpuNanos[i];
            }
            return used;
        }

        @Override
        public long droppedRecords() throws Exception {
            long dropped = 0;
            for (Child child : children) {
                child.send(ScorerInstanceCommand.DROPPED);
                dropped += Long.parseLong(child.reply(ScorerInstanceCommand.DROPPED, GRACE));
            }
            return dropped;
        }

        /** The sum of what the children last said, unasked, of their instances' counts; after the round, its final count. */
        @Override
        public long processedCalls() {
            return started ? children.stream().mapToLong(child -> child.processed).sum() : 0;
        }

        @Override
        public void close() throws Exception {
            for (Child child : children) {
                child.send(ScorerInstanceCommand.STOP);
            }
            for (Child child : children) {
                child.reply(ScorerInstanceCommand.STOPPED, GRACE);
            }
        }
    }

    /** Ends every child: its standard input closes, so it stops its instance and exits; killed if it has not within {@link #GRACE}. */
    @Override
    public void close() {
        for (Child child : children) {
            child.closeInput();
        }
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (Child child : children) {
            try {
                child.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it kills the children too
        }
    }

    private void kill() {
        for (Child child : children) {
            child.process.destroyForcibly();
        }
        for (Child child : children) {
            try {
                child.process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // killed; the kernel reaps it
            }
        }
    }

    /** One child JVM and its line protocol: commands on its stdin, replies on its stdout. */
    private static final class Child {

        /** Stands for the end of the child's output in the reply queue. */
        private static final String EXITED = "\0exited";
        /** What a child says unasked: not a reply, so not queued. */
        private static final String PROCESSED = ScorerInstanceCommand.PREFIX + ScorerInstanceCommand.PROCESSED + " ";
        private static final String PROFILE = ScorerInstanceCommand.PREFIX + ScorerInstanceCommand.PROFILE + " ";

        private final Process process;
        private final Writer commands;
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        /** Its instance's input calls processed so far, as it last said. */
        private volatile long processed;
        /** The lines of its instance's profile, as it said them before it answered {@code stopped}. */
        private final List<String> profile = new CopyOnWriteArrayList<>();

        Child(String bootstrap, Path stateDir) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add(CHILD_HEAP);
            // the settings this JVM was given as system properties (a logback file, a temp dir) hold for its children
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(argument -> argument.startsWith("-D"))
                    .forEach(command::add);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Llmwatch.class.getName(),
                    "bench", ScorerInstanceCommand.NAME, "--bootstrap-servers", bootstrap, "--state-dir", stateDir.toString()));
            // its logs go to stderr, as this JVM's do
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::readReplies, "llmwatch-bench-child-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void readReplies() {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(PROCESSED)) {
                        processed = Long.parseLong(line.substring(PROCESSED.length()));
                    } else if (line.startsWith(PROFILE)) {
                        profile.add(line.substring(PROFILE.length()));
                    } else if (line.startsWith(ScorerInstanceCommand.PREFIX)) {
                        replies.add(line.substring(ScorerInstanceCommand.PREFIX.length()));
                    } else {
                        System.err.println(line);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            } finally {
                replies.add(EXITED);
            }
        }

        void send(String line) throws IOException {
            commands.write(line + "\n");
            commands.flush();
        }

        /** Waits for the reply {@code expected} and returns what follows it on its line. */
        String reply(String expected, Duration timeout) throws Exception {
            String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (reply == null) {
                throw new IllegalStateException("child JVM " + process.pid() + " did not answer " + expected + " within " + timeout);
            }
            if (reply.equals(EXITED)) {
                throw new IllegalStateException("child JVM " + process.pid() + " exited (code "
                        + process.onExit().get(10, TimeUnit.SECONDS).exitValue() + ") before answering " + expected);
            }
            String[] words = reply.split(" ", 2);
            if (!words[0].equals(expected)) {
                throw new IllegalStateException("child JVM " + process.pid() + " answered '" + reply + "', not " + expected);
            }
            return words.length > 1 ? words[1] : "";
        }

        /** Its CPU time so far, all its threads (JIT and GC included, as this process's own figure has them). */
        long cpuNanos() {
            return process.toHandle().info().totalCpuDuration()
                    .orElseThrow(() -> new IllegalStateException("the CPU time of child JVM " + process.pid() + " is unknown"))
                    .toNanos();
        }

        void closeInput() {
            try {
                commands.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
