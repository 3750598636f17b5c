package io.llmwatch.app.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A component in a JVM of its own, on the test class path: started with a main class and
 * arguments, ready once a line of its output contains a marker, stopped with SIGTERM
 * ({@link #stop()}) or SIGKILL ({@link #kill()}). Its output goes to a log file.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code mainClass} in {@code workDir} and waits until its output shows {@code ready}. */
    static ChildJvm start(String name, Path workDir, Path log, String ready, Duration patience, String mainClass,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        CountDownLatch started = new CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    // line by line, so the log is current while the test runs (and after a SIGKILL of the test)
                    out.flush();
                    if (line.contains(ready)) {
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                // the process is gone; its exit shows below
            }
        }, name + "-output");
        drain.setDaemon(true);
        drain.start();
        ChildJvm child = new ChildJvm(name, process);
        long deadline = System.nanoTime() + patience.toNanos();
        while (!started.await(200, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                child.kill();
                throw new IllegalStateException(name + " did not start (exit " + (process.isAlive() ? "-" : process.exitValue())
                        + "); the end of " + log + ":\n" + tail(log));
            }
        }
        return child;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: shutdown hooks run. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
