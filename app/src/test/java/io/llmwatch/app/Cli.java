package io.llmwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** A llmwatch command run in-process, as a user sees it: exit code, standard output, standard error. */
public record Cli(int exit, String out, String err) {

    public static Cli run(String... args) {
        picocli.CommandLine cli = Llmwatch.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Cli(cli.execute(args), out.toString(), err.toString());
    }

    /** Writes a {@code --kafka-config} file for a SASL/PLAIN listener without TLS. */
    public static Path saslPlainProperties(Path file, String user, String password) throws IOException {
        return Files.writeString(file, String.join("\n", "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";", ""));
    }
}
