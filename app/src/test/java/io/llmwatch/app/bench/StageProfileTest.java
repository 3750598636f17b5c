package io.llmwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StageProfileTest {

    private static final int CALLS = 2_000;
    /** Sixteen arrays of 1 KiB a call, each in a thread-local allocation buffer, as a stream thread's are. */
    private static final int ARRAYS_PER_CALL = 16;
    private static final int BYTES_PER_CALL = ARRAYS_PER_CALL * 1024;

    /** Kept reachable so that the JIT cannot prove the arrays dead and leave them unallocated. */
    private static volatile byte[] last;

    @Test
    void eachStagesAllocationPerCallIsEstimatedFromTheAllocationSamplesOfTheApplicationsThreadsOnly() throws Exception {
        // Given a recording around an application thread that allocates 16 KiB per "call", for a few
        // seconds (a sample's weight is what its thread allocated since its previous one: a thread
        // that is over within one sampling period is not seen whole),
        // and another thread that allocates as much but belongs to no application
        StageProfile profile = StageProfile.start();
        Thread application = new Thread(() -> allocate(CALLS), "profile-test-app-StreamThread-1");
        Thread other = new Thread(() -> allocate(CALLS), "someone-else");
        application.start();
        other.start();
        application.join();
        other.join();

        // When the profile is printed for the application's calls
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (profile) {
            profile.print(new PrintStream(out, true, StandardCharsets.UTF_8), "profile-test-app", CALLS, 1.0);
        }
        String table = out.toString(StandardCharsets.UTF_8);

        // Then the total allocated per call is the application thread's, within the sampling's error,
        // not doubled by the other thread's
        Matcher total = Pattern.compile("([\\d,]+) bytes allocated per call in all").matcher(table);
        assertThat(total.find()).as(table).isTrue();
        double perCall = Double.parseDouble(total.group(1).replace(",", ""));
        assertThat(perCall).as(table).isBetween(0.8 * BYTES_PER_CALL, 1.2 * BYTES_PER_CALL);
    }

    private static void allocate(int calls) {
        for (int i = 0; i < calls; i++) {
            for (int j = 0; j < ARRAYS_PER_CALL; j++) {
                // 1 KiB with its array header
                last = new byte[1024 - 16];
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
