package io.llmwatch.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmwatch.event.Cost;
import io.llmwatch.event.ScoredCall;
import io.llmwatch.event.Scores;
import io.llmwatch.event.Usage;
import io.llmwatch.streams.StreamsConfigs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The calls store keeps every call's entry (its scored JSON included) for {@code
 * pipeline.dedup_retention}: most of a scorer's disk. Written by RocksDB as Kafka Streams configures
 * it, then with llmwatch's {@link StreamsConfigs.StoreOptions}, the same entries take a fraction of
 * the space on disk and still read back.
 */
class CallStoreDiskTest {

    private static final int CALLS = 20_000;
    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theCallsStoreIsCompressedOnDisk() throws Exception {
        // Given the entries of 20,000 scored calls as the calls store writes them
        Map<byte[], byte[]> entries = entries(new Random(7));

        // When they are written, flushed and compacted without llmwatch's options, and with them
        long plain = sstBytes(dir.resolve("plain"), entries, false);
        long compressed = sstBytes(dir.resolve("compressed"), entries, true);

        // Then llmwatch's store takes at most half the disk
        double plainPerCall = (double) plain / CALLS;
        double compressedPerCall = (double) compressed / CALLS;
        assertThat(compressedPerCall).as("bytes per call on disk, compressed (uncompressed: %.0f)", plainPerCall)
                .isLessThan(plainPerCall / 2);
    }

    private static Map<byte[], byte[]> entries(Random random) {
        Serializer<CallEntry> serializer = new CallEntrySerde().serializer();
        Map<byte[], byte[]> entries = new HashMap<>();
        String[] tasks = {"summarize", "classify", "extract", "chat"};
        String[] models = {"gpt-4.1", "gpt-4.1-mini", "claude-sonnet-4", "gemini-2.5-flash"};
        for (int i = 0; i < CALLS; i++) {
            String callId = new UUID(random.nextLong(), random.nextLong()).toString();
            Instant at = T.plusMillis(i * 37L + random.nextInt(30));
            String model = models[random.nextInt(models.length)];
            int in = 200 + random.nextInt(4_000);
            int out = 20 + random.nextInt(800);
            ScoredCall scored = new ScoredCall(ScoredCall.SCHEMA, callId, at, "shop", tasks[random.nextInt(tasks.length)],
                    "prod", new UUID(random.nextLong(), random.nextLong()).toString().replace("-", ""), null, "openai", model,
                    model + "-2025-04-14", "stop", Usage.of(in, out), 200 + random.nextDouble() * 3_000, null,
                    Cost.local(in * 2e-6 + out * 8e-6, "catalog"), null,
                    new Scores(null, 1.0, random.nextDouble(), null, random.nextDouble(), Map.of()),
                    Map.of("tenant", "t" + random.nextInt(50)));
            CallState state = new CallState(ScoredCallJson.of(scored), new Scores(null, 1.0, 0.5, null, null, Map.of()), Map.of());
            byte[] value = serializer.serialize("", new CallEntry(at.toEpochMilli(), state));
            // a window store's key: the call_id, the bucket's start, a sequence number
            byte[] id = callId.getBytes(StandardCharsets.UTF_8);
            byte[] key = ByteBuffer.allocate(id.length + 12).put(id).putLong(T.toEpochMilli()).putInt(0).array();
            entries.put(key, value);
        }
        return entries;
    }

    private static long sstBytes(Path path, Map<byte[], byte[]> entries, boolean llmwatchOptions) throws RocksDBException {
        RocksDB.loadLibrary();
        // Kafka Streams opens its stores without compression (RocksDBStore's COMPRESSION_TYPE), where
        // RocksDB's own default would be Snappy; the config setter is applied after
        try (Options options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION);
             WriteOptions write = new WriteOptions().setDisableWAL(true);
             FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            if (llmwatchOptions) {
                new StreamsConfigs.StoreOptions().setConfig("scorer-calls", options, Map.of());
            }
            try (RocksDB db = RocksDB.open(options, path.toString())) {
                for (Map.Entry<byte[], byte[]> entry : entries.entrySet()) {
                    db.put(write, entry.getKey(), entry.getValue());
                }
                db.flush(flush);
                db.compactRange();
                Map.Entry<byte[], byte[]> any = entries.entrySet().iterator().next();
                assertThat(db.get(any.getKey())).isEqualTo(any.getValue());
                return Long.parseLong(db.getProperty("rocksdb.total-sst-files-size"));
            }
        }
    }
}
