package io.llmwatch.app.run;

import io.llmwatch.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Lets options take durations as people write them: {@code 90s}, {@code 2m}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return DurationText.parse(value);
    }
}
