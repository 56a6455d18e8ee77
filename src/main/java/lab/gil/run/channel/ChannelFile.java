package lab.gil.run.channel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's side channel, opened by the server once, before the run's own code starts, and read only through that
 * descriptor from then on.
 * <p>Why: reading a file by name while a run can change what the name points to is a race. A run that swaps the
 * file for a FIFO between a check and an {@code open} blocks the reading thread for good, and Java cannot open with
 * {@code O_NONBLOCK}. The pool creates the file before starting the interpreter (with bubblewrap it is bind-mounted
 * into the run, which then cannot rename or replace it at all); this class opens it while only the harness's boot
 * script has run, checks that it is still the regular file the pool made (not a link or a FIFO), and keeps the
 * descriptor. Reads of a regular file never block, so a run can neither stall the thread that polls every run's
 * progress nor make the server read another file. What the run writes elsewhere is simply not seen.
 */
public final class ChannelFile implements AutoCloseable {
    public static final String NAME = "channel.jsonl";
    /** More than the harness writes for any real experiment; RLIMIT_FSIZE caps the file itself. */
    static final long MAX_BYTES = 32L * 1024 * 1024;

    private final FileChannel file;
    private long tailOffset;

    private ChannelFile(FileChannel file) {
        this.file = file;
    }

    /** Creates the empty channel in a new run's work folder, before the run starts. */
    public static Path create(Path workDir) throws IOException {
        return Files.createFile(workDir.resolve(NAME));
    }

    /**
     * Opens the channel the pool created. Called before the run's job is sent, so only the trusted boot script has
     * run; still, anything but a regular file (a link, a FIFO) is refused rather than opened.
     */
    public static ChannelFile open(Path channel) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(channel, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new IOException("the run's channel " + channel + " is not a regular file");
        }
        FileChannel opened = FileChannel.open(channel, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return new ChannelFile(opened);
    }

    /** The complete lines appended since the last call (at most 1 MB of them), for the live progress bar. */
    public synchronized List<String> newLines() throws IOException {
        long length = Math.min(file.size(), MAX_BYTES);
        if (length <= tailOffset) {
            return List.of();
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length - tailOffset, 1 << 20));
        while (buffer.hasRemaining() && file.read(buffer, tailOffset + buffer.position()) > 0) {
            // fill the buffer
        }
        byte[] bytes = buffer.array();
        int end = buffer.position() - 1;
        while (end >= 0 && bytes[end] != '\n') {
            end--;
        }
        if (end < 0) {
            return List.of();
        }
        tailOffset += end + 1;
        return List.of(new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n"));
    }

    /** Every line of the channel from its start, up to {@link #MAX_BYTES}. */
    public synchronized List<String> allLines() throws IOException {
        long length = Math.min(file.size(), MAX_BYTES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(length, 1 << 20));
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = 0;
        while (position < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - position));
            int read = file.read(buffer, position);
            if (read <= 0) {
                break;
            }
            bytes.write(buffer.array(), 0, read);
            position += read;
        }
        List<String> lines = new ArrayList<>(List.of(bytes.toString(StandardCharsets.UTF_8).split("\n")));
        lines.removeIf(String::isEmpty);
        return lines;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
