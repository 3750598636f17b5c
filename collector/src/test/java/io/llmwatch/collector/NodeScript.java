package io.llmwatch.collector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js script run against the collector by a test, with npm packages installed once into
 * {@code target/<fixture>}. Without node or npm, or when the install fails, the test is skipped
 * with a message saying so (JUnit assumptions), never silently passed.
 */
public final class NodeScript {

    private final String node;
    private final Path dir;

    private NodeScript(String node, Path dir) {
        this.node = node;
        this.dir = dir;
    }

    /**
     * Node with {@code packages} (pinned {@code name@version}) installed into {@code target/<fixture>}.
     *
     * @param what the test's subject, for the skip message
     */
    public static NodeScript with(String fixture, String what, String... packages) throws Exception {
        Path dir = Path.of("target", fixture).toAbsolutePath();
        String node = onPath("node");
        assumeTrue(node != null, "node is not on the PATH: the " + what + " test is skipped");
        // A marker naming the pinned packages: changing a pin installs again.
        Path installed = dir.resolve("node_modules/.llmwatch-installed-" + String.join("+", packages).replace('/', '_'));
        if (!Files.exists(installed)) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"name\": \"llmwatch-node-fixture\", \"private\": true}\n");
            String npm = onPath("npm");
            assumeTrue(npm != null, "npm is not on the PATH: the " + what + " test is skipped");
            List<String> command = new ArrayList<>(List.of(npm, "install", "--no-audit", "--no-fund"));
            command.addAll(List.of(packages));
            Result install = Result.of(new ProcessBuilder(command).directory(dir.toFile()), 300);
            assumeTrue(install.exit() == 0, "npm install " + String.join(" ", packages) + " failed, so the " + what
                    + " test is skipped:\n" + install.output());
            Files.writeString(installed, "");
        }
        return new NodeScript(node, dir);
    }

    /** Writes {@code source} as an ES module beside the packages and runs it with {@code env}. */
    public Result run(String name, String source, Map<String, String> env) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, source);
        ProcessBuilder run = new ProcessBuilder(node, script.toString()).directory(dir.toFile());
        run.environment().putAll(env);
        return Result.of(run, 120);
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, command);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    /** A finished process: exit code, stdout, stdout and stderr for messages. */
    public record Result(int exit, String stdout, String output) {

        static Result of(ProcessBuilder builder, int timeoutSeconds) throws Exception {
            Path err = Files.createTempFile("llmwatch-node-", ".err");
            try {
                Process process = builder.redirectError(err.toFile()).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(builder.command() + " did not finish in " + timeoutSeconds + " s");
                }
                String stdout = new String(out, StandardCharsets.UTF_8);
                return new Result(process.exitValue(), stdout, stdout + Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        }
    }
}
