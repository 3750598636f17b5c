package io.llmwatch.app.bench;

import io.llmwatch.scorer.topology.ScorerTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/**
 * What the scorer's calls store ({@value ScorerTopology#CALLS_STORE}: an entry per call, its scored
 * record included, kept for {@code pipeline.dedup_retention}) takes on disk per call after a round:
 * RocksDB's files in the round's state directory, read once its instances have closed (Kafka Streams
 * flushes every store on close), and its changelog on the broker, as the broker reports its log
 * sizes. Most of a scorer's disk: docs/production.md sizes from these figures.
 *
 * @param stateBytesPerCall     the store's RocksDB files (*.sst) per call of the round
 * @param changelogBytesPerCall the store's changelog partitions on the broker (all replicas) per call of the round
 */
record ScorerDisk(double stateBytesPerCall, double changelogBytesPerCall) {

    /** Measures the round of {@code applicationId}, whose states are under {@code stateDir/applicationId}. */
    static ScorerDisk of(Admin admin, String applicationId, Path stateDir, long calls) throws Exception {
        String changelog = applicationId + "-" + ScorerTopology.CALLS_STORE + "-changelog";
        Collection<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
        long changelogBytes = 0;
        for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().equals(changelog)) {
                        changelogBytes += replica.getValue().size();
                    }
                }
            }
        }
        return new ScorerDisk((double) sstBytes(stateDir.resolve(applicationId)) / calls, (double) changelogBytes / calls);
    }

    private static long sstBytes(Path applicationState) {
        if (!Files.isDirectory(applicationState)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(applicationState)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sst"))
                    .filter(file -> inStore(applicationState.relativize(file)))
                    .mapToLong(ScorerDisk::size)
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a path under the state directory is in the calls store: {@code instance/task/scorer-calls/segment/file}. */
    private static boolean inStore(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals(ScorerTopology.CALLS_STORE)) {
                return true;
            }
        }
        return false;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            // gone between the walk listing it and this read: nothing of it is on disk
            return 0;
        }
    }

    void print(PrintStream console) {
        console.printf(Locale.ROOT, "scorer's calls store on disk (warm round): %,.0f bytes per call in RocksDB (LZ4),"
                + " %,.0f bytes per call of changelog on the broker; kept for pipeline.dedup_retention (docs/production.md, Sizing)%n",
                stateBytesPerCall, changelogBytesPerCall);
    }
}
