package io.llmwatch.collector.tether;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which calls an import already delivered, and to which Kafka cluster: a small text file (one
 * {@code <cluster id> <call_id>} per line) kept beside the Tether file. It lets a re-import skip
 * what was delivered without reading {@code llmwatch.calls} back; the guarantee that a call is not
 * counted twice stays downstream, where {@code call_id} is the idempotency key. The file is
 * rewritten whole and moved into place, so a crash leaves the previous version.
 */
final class ImportMarker {

    private static final String HEADER = "# llmwatch tether import: <kafka cluster id> <call_id> of each call delivered";

    private final Path file;
    private final List<String> lines;

    private ImportMarker(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /**
     * The marker at {@code file}; empty when there is none yet.
     *
     * @throws IllegalArgumentException when the marker could not be written: checked before anything
     *                                  is sent, so that a failed import leaves nothing half-recorded
     */
    static ImportMarker load(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent) || !Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new IllegalArgumentException("cannot write the marker file " + file
                    + "; give another place with --marker, or --no-marker");
        }
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#") && line.indexOf(' ') > 0) {
                    lines.add(line);
                }
            }
        }
        return new ImportMarker(file, lines);
    }

    Path file() {
        return file;
    }

    /** The call_ids delivered to the cluster {@code clusterId}. */
    Set<String> delivered(String clusterId) {
        String prefix = clusterId + " ";
        Set<String> callIds = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                callIds.add(line.substring(prefix.length()));
            }
        }
        return callIds;
    }

    /** Records that {@code callIds} were delivered to {@code clusterId}. */
    void add(String clusterId, Collection<String> callIds) throws IOException {
        if (callIds.isEmpty()) {
            return;
        }
        callIds.forEach(callId -> lines.add(clusterId + " " + callId));
        List<String> content = new ArrayList<>(lines.size() + 1);
        content.add(HEADER);
        content.addAll(lines);
        Path absolute = file.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
