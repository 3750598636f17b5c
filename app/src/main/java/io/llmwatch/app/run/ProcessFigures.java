package io.llmwatch.app.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Memory figures of this JVM, as the demo and the benchmark report them. */
public record ProcessFigures(long heapUsedBytes, long heapMaxBytes, Long rssBytes, Long peakRssBytes) {

    public static ProcessFigures now() {
        Runtime rt = Runtime.getRuntime();
        return new ProcessFigures(rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), procStatus("VmRSS:"),
                procStatus("VmHWM:"));
    }

    /** Reads a kB figure from /proc/self/status; null where there is no procfs. */
    private static Long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "heap used %s of max %s · RSS %s (peak %s)", mib(heapUsedBytes),
                mib(heapMaxBytes), mib(rssBytes), mib(peakRssBytes));
    }

    static String mib(Long bytes) {
        return bytes == null ? "n/a" : (bytes / (1024 * 1024)) + " MiB";
    }
}
