package io.llmwatch.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A size-capped spool of append-only segment files in one directory.
 *
 * <p><b>Format.</b> A segment {@code segment-<sequence>.spool} starts with the 8-byte magic
 * {@code LLMWSP01}; then each record is framed as {@code int length, int crc32c, payload} where the
 * payload is {@code int keyLength, key, value}. Segments are only appended to while active, then
 * sealed (a new one is started when a record would push the active one past the segment size, or
 * when the sender wants to send what it holds), read back whole, oldest first, and deleted once every
 * record in them was acknowledged by Kafka.
 *
 * <p><b>Crash safety.</b> A record is written with one {@code write} before {@code append} returns,
 * so it survives the process dying at any later point. It survives the <em>machine</em> failing once
 * {@link #sync()} has forced it to disk: the sender syncs at a fixed interval (one second by
 * default), so a power loss can lose the calls of the last interval — the same trade as Kafka's own
 * default of relying on the page cache. Calls are not fsynced one by one because that would cost a
 * disk flush per call on the path a caller may take. A spool left by a crash is read when the next
 * instance opens the directory: a torn last record (or any record whose CRC does not match) ends
 * its segment; it and whatever follows in that segment are skipped, logged and counted.
 *
 * <p>A lock file keeps two live instances from sharing a directory.
 */
final class DiskSpool implements Spool {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpool.class);
    private static final byte[] MAGIC = "LLMWSP01".getBytes(StandardCharsets.US_ASCII);
    private static final int FRAME_HEADER = 8;
    private static final int KEY_LENGTH = 4;
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".spool";

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Deque<Segment> sealed = new ArrayDeque<>();
    /** Sealed channels not yet forced to disk; forced and closed by {@link #sync()}, outside the lock. */
    private final List<FileChannel> unsynced = new ArrayList<>();
    private long sealedBytes;
    private long nextSequence;
    private long activeSequence = -1;
    private FileChannel active;
    private long activeBytes;
    private boolean dirty;
    private boolean newFile;
    private boolean closed;

    private DiskSpool(Path dir, long maxBytes, long segmentBytes, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating it if needed) the spool in {@code dir} and takes over the segments a previous
     * instance left there.
     *
     * @param onCorrupt told how many torn or corrupt regions were skipped in the segments found
     * @throws IllegalStateException when another live instance holds the directory
     * @throws UncheckedIOException when the directory cannot be used
     */
    static DiskSpool open(Path dir, long maxBytes, long segmentBytes, LongConsumer onCorrupt) {
        try {
            Files.createDirectories(dir);
            FileChannel lockChannel = FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("The spool directory " + dir
                        + " is used by another live LlmWatch instance: give each instance its own directory");
            }
            DiskSpool spool = new DiskSpool(dir, maxBytes, segmentBytes, lockChannel, lock);
            spool.recover(onCorrupt);
            return spool;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the spool directory " + dir, e);
        }
    }

    private void recover(LongConsumer onCorrupt) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    found.put(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), file);
                } catch (NumberFormatException e) {
                    LOG.warn("Ignoring {} in the spool directory: not a segment name", file);
                }
            }
        }
        long records = 0;
        for (var entry : found.entrySet()) {
            Path file = entry.getValue();
            Scan scan = scan(Files.readAllBytes(file));
            if (scan.tornBytes() > 0) {
                LOG.warn("Spool segment {}: the last {} bytes (after {} good records) are torn or corrupt, "
                        + "probably written when a process crashed; they are skipped", file, scan.tornBytes(),
                        scan.records().size());
                onCorrupt.accept(1);
            }
            if (scan.records().isEmpty()) {
                Files.delete(file);
                continue;
            }
            long bytes = Files.size(file);
            sealed.addLast(new Segment(entry.getKey(), file, bytes));
            sealedBytes += bytes;
            records += scan.records().size();
        }
        nextSequence = found.isEmpty() ? 0 : found.lastKey() + 1;
        if (records > 0) {
            LOG.info("Spool {} holds {} calls from a previous run in {} segment(s); they are sent first", dir, records,
                    sealed.size());
        }
    }

    @Override
    public synchronized boolean append(byte[] key, byte[] value) {
        int frame = FRAME_HEADER + KEY_LENGTH + key.length + value.length;
        if (closed || sealedBytes + activeBytes + frame + (active == null ? MAGIC.length : 0) > maxBytes) {
            return false;
        }
        try {
            if (active != null && activeBytes > MAGIC.length && activeBytes + frame > segmentBytes) {
                seal();
            }
            if (active == null) {
                startSegment();
            }
            ByteBuffer buffer = ByteBuffer.allocate(frame);
            buffer.putInt(KEY_LENGTH + key.length + value.length).putInt(0).putInt(key.length).put(key).put(value);
            CRC32C crc = new CRC32C();
            crc.update(buffer.array(), FRAME_HEADER, frame - FRAME_HEADER);
            buffer.putInt(4, (int) crc.getValue()).flip();
            writeFully(active, buffer);
            activeBytes += frame;
            dirty = true;
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot write to the spool {}: {}", dir, e.toString());
            abandonActive();
            return false;
        }
    }

    private void startSegment() throws IOException {
        long sequence = nextSequence++;
        FileChannel channel = FileChannel.open(segmentPath(sequence), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        writeFully(channel, ByteBuffer.wrap(MAGIC));
        active = channel;
        activeSequence = sequence;
        activeBytes = MAGIC.length;
        newFile = true;
    }

    private void seal() {
        sealed.addLast(new Segment(activeSequence, segmentPath(activeSequence), activeBytes));
        sealedBytes += activeBytes;
        unsynced.add(active);
        active = null;
        activeBytes = 0;
    }

    /**
     * After a failed write the segment may end in a partial record: keep what was written before it
     * (a reader stops at the partial record) and start a new segment for the next append.
     */
    private void abandonActive() {
        if (active == null) {
            return;
        }
        if (activeBytes > MAGIC.length) {
            seal();
        } else {
            try {
                active.close();
                Files.deleteIfExists(segmentPath(activeSequence));
            } catch (IOException e) {
                LOG.debug("Cannot remove the empty spool segment {}", segmentPath(activeSequence), e);
            }
            active = null;
            activeBytes = 0;
        }
    }

    @Override
    public synchronized Segment oldest(boolean sealActive) {
        if (sealed.isEmpty() && sealActive && active != null && activeBytes > MAGIC.length) {
            seal();
        }
        return sealed.peekFirst();
    }

    @Override
    public List<Record> read(Segment segment) {
        try {
            return scan(Files.readAllBytes(segment.path())).records();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the spool segment " + segment.path(), e);
        }
    }

    @Override
    public void delete(Segment segment) {
        synchronized (this) {
            if (!sealed.remove(segment)) {
                throw new IllegalArgumentException(segment + " is not a sealed segment of " + dir);
            }
            sealedBytes -= segment.bytes();
        }
        try {
            Files.deleteIfExists(segment.path());
        } catch (IOException e) {
            LOG.warn("Cannot delete the sent spool segment {}: its calls may be sent again by the next instance",
                    segment.path(), e);
        }
    }

    @Override
    public void sync() {
        List<FileChannel> toClose;
        FileChannel current;
        boolean syncDir;
        synchronized (this) {
            toClose = new ArrayList<>(unsynced);
            unsynced.clear();
            current = dirty ? active : null;
            dirty = false;
            syncDir = newFile;
            newFile = false;
        }
        for (FileChannel channel : toClose) {
            force(channel);
            closeQuietly(channel);
        }
        if (current != null) {
            force(current);
        }
        if (syncDir) {
            forceDirectory();
        }
    }

    @Override
    public synchronized boolean isEmpty() {
        return sealed.isEmpty() && (active == null || activeBytes <= MAGIC.length);
    }

    @Override
    public synchronized long bytes() {
        return sealedBytes + activeBytes;
    }

    /** Seals and syncs what was written, and releases the directory. Appends fail from now on. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (active != null) {
                if (activeBytes > MAGIC.length) {
                    seal();
                } else {
                    abandonActive();
                }
            }
        }
        sync();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("Cannot release the spool lock of {}", dir, e);
        }
    }

    private Path segmentPath(long sequence) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, sequence, SUFFIX));
    }

    /** The records of a segment's bytes up to the first frame that is incomplete or fails its CRC. */
    static Scan scan(byte[] bytes) {
        List<Record> records = new ArrayList<>();
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return new Scan(records, bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int position = MAGIC.length;
        CRC32C crc = new CRC32C();
        while (position < bytes.length) {
            if (bytes.length - position < FRAME_HEADER + KEY_LENGTH) {
                break;
            }
            int length = buffer.getInt(position);
            int expected = buffer.getInt(position + 4);
            int payload = position + FRAME_HEADER;
            if (length < KEY_LENGTH || length > bytes.length - payload) {
                break;
            }
            crc.reset();
            crc.update(bytes, payload, length);
            int keyLength = buffer.getInt(payload);
            if ((int) crc.getValue() != expected || keyLength < 0 || keyLength > length - KEY_LENGTH) {
                break;
            }
            byte[] key = Arrays.copyOfRange(bytes, payload + KEY_LENGTH, payload + KEY_LENGTH + keyLength);
            byte[] value = Arrays.copyOfRange(bytes, payload + KEY_LENGTH + keyLength, payload + length);
            records.add(new Record(key, value));
            position = payload + length;
        }
        return new Scan(records, bytes.length - position);
    }

    /** What a segment holds: its good records, and how many bytes after them could not be read. */
    record Scan(List<Record> records, long tornBytes) {
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void force(FileChannel channel) {
        try {
            channel.force(false);
        } catch (IOException e) {
            LOG.warn("Cannot sync the spool {} to disk: {}", dir, e.toString());
        }
    }

    /** New segment files survive a power loss only once their directory entry is on disk too. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot sync the spool directory {} (not supported on every platform)", dir, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Cannot close a spool segment", e);
        }
    }
}
