package io.llmwatch.scorer.sample;

import io.llmwatch.config.Incumbent;
import io.llmwatch.config.LlmwatchConfig;
import io.llmwatch.config.TaskConfig;
import io.llmwatch.config.TaskSettings;
import io.llmwatch.streams.ControlTable;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The stateless half of the sampler, on the scorer's call_id partitions: keeps the replayable calls
 * among the newly scored ones, decides deterministically by call_id whether each is sampled at its
 * task's live {@code sample_rate} (only when the task has candidates), and sends the sampled ones,
 * plus a bounded feed of the others for the reservoir ({@link RecentCallsFeed}), on keyed by
 * {@code app/task}.
 */
final class SampleProcessor implements Processor<String, NewCall, String, TaskInput> {

    private final LlmwatchConfig config;
    private ProcessorContext<String, TaskInput> context;
    private TaskSettings settings;
    private RecentCallsFeed feed;

    SampleProcessor(LlmwatchConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, TaskInput> context) {
        this.context = context;
        this.settings = ControlTable.taskSettings(context, config);
        this.feed = new RecentCallsFeed(config.pipeline().reservoirSize() > 0);
    }

    @Override
    public void process(Record<String, NewCall> record) {
        StoredCall call = StoredCall.of(record.value().call(), record.value().cost());
        if (call == null) {
            return;
        }
        boolean sampled = sampled(call, settings.forTask(call.task()));
        if (sampled || feed.admit(call.task(), context.currentSystemTimeMs())) {
            context.forward(new Record<>(call.task().toString(), TaskInput.of(call, sampled), record.timestamp()));
        }
    }

    /**
     * Sampled when the task has something to replay the call against: a candidate other than its
     * reference, or, for a call served by another model than the reference, that model itself.
     */
    private static boolean sampled(StoredCall call, TaskConfig settings) {
        String incumbent = Incumbent.of(settings, call.model());
        return settings.sampleRate() > 0
                && (!ReplayPlanner.candidates(settings.candidates(), incumbent).isEmpty() || !incumbent.equalsIgnoreCase(call.model()))
                && SampleHash.sampled(call.callId(), settings.sampleRate());
    }
}
