package io.llmwatch.app.faults;

import io.llmwatch.kafka.EmbeddedKafka;
import java.nio.file.Path;

/** A Kafka broker alone in a JVM, for the fault suite: {@code port dataDir partitions}; prints {@value #READY}. */
public final class BrokerProcess {

    static final String READY = "fault-suite-broker-ready";

    private BrokerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.builder().port(Integer.parseInt(args[0])).logDir(Path.of(args[1]))
                .partitions(Integer.parseInt(args[2])).start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "broker-shutdown"));
        System.out.println(READY + " " + kafka.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
