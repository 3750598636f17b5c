package io.llmwatch.app.bench;

import java.time.Duration;

/**
 * The Kafka Streams instances of one measured round of an application, wherever they run: in this
 * JVM ({@link LocalInstances}) or each in a JVM of its own ({@link ChildJvms}). The bench times a
 * round the same way for both; only where the instances live, and so whose CPU a call costs, differs.
 */
interface RoundInstances extends AutoCloseable {

    /** Starts the instances and returns once every one of them is processing; throws if one is not within {@code timeout}. */
    void start(Duration timeout) throws Exception;

    /**
     * CPU time so far of the processes other than this one that run the instances (0 for instances
     * in this JVM, whose CPU is this process's). Added to this process's, it is the CPU of the round.
     */
    long otherProcessesCpuNanos();

    /** Records the instances' topologies skipped so far ({@link ThroughputRounds#droppedRecords}), summed over the instances. */
    long droppedRecords() throws Exception;

    /**
     * Input calls the instances have processed so far, summed over them ({@link SteadyRate.Counter}),
     * for the round's steady rate; 0 before they start.
     */
    long processedCalls();

    /** Stops the instances (not the JVMs that ran them). */
    @Override
    void close() throws Exception;
}
