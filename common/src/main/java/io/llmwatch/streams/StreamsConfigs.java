package io.llmwatch.streams;

import io.llmwatch.config.KafkaClientSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/** The Kafka Streams settings every llmwatch topology runs with. */
public final class StreamsConfigs {

    private StreamsConfigs() {
    }

    /**
     * Exactly-once (v2), so a restart or broker outage neither loses nor double-counts a call.
     * Inputs from outside llmwatch are read as bytes and validated by the topology itself (bad ones
     * go to the dead-letter topic, see {@link InputStreams}); a record on an internal topic that
     * cannot be read is logged and skipped rather than stopping the application, and a record whose
     * processing or output fails goes to the dead-letter topic ({@link DeadLetterExceptionHandler}).
     * The cluster's client settings and the application-id prefix come from {@code kafka}.
     */
    public static Properties base(String applicationId, KafkaClientSettings kafka, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Under exactly-once every commit is a transaction (flush, offsets, markers on every output
        // partition); the 100 ms default makes that ten per second per thread. A monitor whose
        // outputs are per-minute windows can wait a second for them, and gains throughput.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // Any record that still fails (a bug, an output the broker refuses) goes to the DLQ with the
        // reason, instead of killing the thread that REPLACE_THREAD then restarts on the same record.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        props.put(PoisonRecords.CONFIG, new PoisonRecords());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // Output becomes visible only when a transaction commits (every second), so waiting longer
        // to fill larger batches delays nothing a reader sees, and saves requests and sender wake-ups
        // (a changelog or scored record is about a kilobyte: 16 KB batches filled every 16 records).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 100);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, StoreOptions.class);
        return kafka.streamsConfig(applicationId, props);
    }

    /**
     * RocksDB options of every llmwatch store.
     * <ul>
     *   <li>A bloom filter on the memtables (their files have one already), so that a lookup of an
     *       absent key, e.g. a call_id seen for the first time, answers without searching the
     *       memtable.</li>
     *   <li>LZ4 compression of the files' blocks. Kafka Streams writes them uncompressed, and the
     *       scorer's calls store keeps every call's scored JSON for {@code pipeline.dedup_retention}
     *       (24 h, up to twice that until its segment is dropped): most of a scorer's disk. LZ4, one of
     *       RocksDB's cheapest codecs, runs in its flush and compaction threads, not in the stream
     *       threads (docs/production.md, Sizing).</li>
     * </ul>
     */
    public static final class StoreOptions implements RocksDBConfigSetter {

        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            options.setMemtablePrefixBloomSizeRatio(0.1);
            options.setMemtableWholeKeyFiltering(true);
            options.setCompressionType(CompressionType.LZ4_COMPRESSION);
        }

        @Override
        public void close(String storeName, Options options) {
        }
    }
}
