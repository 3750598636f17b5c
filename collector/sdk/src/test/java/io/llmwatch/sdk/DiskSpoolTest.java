package io.llmwatch.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {

    private static final long MAX = 1024 * 1024;
    private static final long SEGMENT = 4 * 1024;

    @TempDir
    Path dir;

    private final AtomicLong corrupt = new AtomicLong();

    @Test
    void recordsComeBackOldestFirstSegmentBySegment() {
        try (DiskSpool spool = open()) {
            for (int i = 0; i < 100; i++) {
                assertThat(spool.append(key(i), value(i))).isTrue();
            }
            List<String> read = new ArrayList<>();
            for (Spool.Segment segment = spool.oldest(true); segment != null; segment = spool.oldest(true)) {
                spool.read(segment).forEach(r -> read.add(new String(r.key(), StandardCharsets.UTF_8)));
                spool.delete(segment);
            }
            assertThat(read).hasSize(100).first().isEqualTo("call-0");
            assertThat(read).last().isEqualTo("call-99");
            assertThat(read).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.bytes()).isZero();
        }
        assertThat(segmentFiles()).isEmpty();
    }

    @Test
    void theActiveSegmentIsReadOnlyOnceSealed() {
        try (DiskSpool spool = open()) {
            spool.append(key(1), value(1));
            assertThat(spool.oldest(false)).isNull();
            assertThat(spool.isEmpty()).isFalse();
            Spool.Segment segment = spool.oldest(true);
            assertThat(spool.read(segment)).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly(new String(value(1), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aReopenedSpoolHoldsWhatTheLastOneLeft() {
        DiskSpool first = open();
        for (int i = 0; i < 50; i++) {
            first.append(key(i), value(i));
        }
        first.close();
        try (DiskSpool second = open()) {
            assertThat(readAll(second)).hasSize(50);
            assertThat(corrupt).hasValue(0);
        }
    }

    @Test
    void aTornLastRecordIsSkippedAndCounted() throws IOException {
        DiskSpool first = open();
        for (int i = 0; i < 10; i++) {
            first.append(key(i), value(i));
        }
        first.close();
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        // What a crash in the middle of a write leaves: a frame header announcing more than follows.
        Files.write(last, new byte[] {0, 0, 1, 0, 12, 34, 56, 78, 0, 0, 0, 8, 'c', 'a'}, StandardOpenOption.APPEND);

        try (DiskSpool second = open()) {
            assertThat(readAll(second)).hasSize(10).last().isEqualTo("call-9");
            assertThat(corrupt).hasValue(1);
        }
    }

    @Test
    void aRecordFailingItsChecksumEndsItsSegment() throws IOException {
        DiskSpool first = open();
        for (int i = 0; i < 3; i++) {
            first.append(key(i), value(i));
        }
        first.close();
        Path segment = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 2] ^= 0x55;
        Files.write(segment, bytes);

        try (DiskSpool second = open()) {
            assertThat(readAll(second)).containsExactly("call-0", "call-1");
            assertThat(corrupt).hasValue(1);
        }
    }

    @Test
    void aFullSpoolRefusesAppendsUntilASegmentIsDeleted() {
        try (DiskSpool spool = DiskSpool.open(dir, 8 * 1024, 2 * 1024, corrupt::addAndGet)) {
            int accepted = 0;
            while (spool.append(key(accepted), value(accepted))) {
                accepted++;
            }
            assertThat(accepted).isGreaterThan(10);
            assertThat(spool.bytes()).isLessThanOrEqualTo(8 * 1024);
            assertThat(spool.append(key(0), value(0))).isFalse();

            spool.delete(spool.oldest(true));
            assertThat(spool.append(key(0), value(0))).isTrue();
        }
    }

    @Test
    void twoLiveInstancesCannotShareADirectory() {
        try (DiskSpool first = open()) {
            assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("used by another live LlmWatch instance");
        }
        open().close();
    }

    private DiskSpool open() {
        return DiskSpool.open(dir, MAX, SEGMENT, corrupt::addAndGet);
    }

    private static List<String> readAll(DiskSpool spool) {
        List<String> keys = new ArrayList<>();
        for (Spool.Segment segment = spool.oldest(true); segment != null; segment = spool.oldest(true)) {
            spool.read(segment).forEach(r -> keys.add(new String(r.key(), StandardCharsets.UTF_8)));
            spool.delete(segment);
        }
        return keys;
    }

    private List<Path> segmentFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".spool")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] key(int i) {
        return ("call-" + i).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(int i) {
        return ("{\"call_id\":\"call-" + i + "\",\"output_text\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static int number(String key) {
        return Integer.parseInt(key.substring("call-".length()));
    }
}
