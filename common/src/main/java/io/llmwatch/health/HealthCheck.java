package io.llmwatch.health;

/** A part of a process whose health the probes report, e.g. a Streams application or the broker. */
public interface HealthCheck {

    /** Names the part in the probes' answers, e.g. {@code llmwatch-scorer}. */
    String name();

    Health check();

    static HealthCheck of(String name, java.util.function.Supplier<Health> check) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return check.get();
            }
        };
    }
}
