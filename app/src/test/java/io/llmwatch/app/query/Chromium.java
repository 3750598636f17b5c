package io.llmwatch.app.query;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (the Debian package {@code chromium}) driven from the command line: the DOM
 * after the page's scripts ran, and screenshots. Each run has its own throw-away profile, and
 * everything that would reach the internet on its own (updates, sync, QUIC) is switched off.
 */
final class Chromium {

    /** The browser's own start-up can be slow on a busy 2-core machine; the page itself is quick. */
    private static final long TIMEOUT_SECONDS = 90;
    /** Virtual time the page gets to fetch and render before the DOM or screenshot is taken. */
    private static final int VIRTUAL_TIME_MS = 8000;

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** Whether {@link #find()} finds one: the condition of the tests that need it. */
    static boolean installed() {
        return find().isPresent();
    }

    /** {@code $LLMWATCH_CHROMIUM}, else chromium or chromium-browser on the PATH. */
    static Optional<Chromium> find() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("LLMWATCH_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(dir + "/chromium");
            candidates.add(dir + "/chromium-browser");
        }
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().map(Chromium::new);
    }

    /** The serialised DOM of {@code url} once its scripts had {@value #VIRTUAL_TIME_MS} ms of virtual time. */
    String dumpDom(String url, Path workDir) throws IOException, InterruptedException {
        Path out = workDir.resolve("dom.html");
        run(workDir, out, "--dump-dom", url);
        return Files.readString(out);
    }

    /** A PNG of {@code url} in a window of {@code width}×{@code height}. */
    void screenshot(String url, Path png, int width, int height, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(workDir, workDir.resolve("screenshot.log"), "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height, "--hide-scrollbars", url);
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot to " + png + ": "
                    + Files.readString(workDir.resolve("chromium.err")));
        }
    }

    private void run(Path workDir, Path stdout, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "profile-");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio",
                "--user-data-dir=" + profile, "--virtual-time-budget=" + VIRTUAL_TIME_MS));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(workDir.resolve("chromium.err").toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
