package lab.gil.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * Reads stdout and stderr on their own threads into buffers that share one byte budget. Past the budget it keeps
 * draining the pipes, so the program never blocks on a full pipe, but stores nothing more and calls
 * {@code onOverflow} once. Reading in fixed chunks, not lines, keeps one enormous line as cheap as many short ones.
 */
final class OutputCapture {
    private static final int CHUNK = 8192;

    private final long budget;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private long used;
    private boolean truncated;

    OutputCapture(InputStream out, InputStream err, long budget, Runnable onOverflow, String name) {
        this.budget = budget;
        this.onOverflow = onOverflow;
        this.stdoutReader = reader(out, stdout, name + "-stdout");
        this.stderrReader = reader(err, stderr, name + "-stderr");
        stdoutReader.start();
        stderrReader.start();
    }

    /**
     * Waits until both pipes reach end of file, which happens once every process holding them has died. A process the
     * sandbox could not kill may hold them open, so the wait is bounded and what was read so far is kept.
     */
    void awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread reader : new Thread[] {stdoutReader, stderrReader}) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    synchronized String stdout() {
        return ConsoleText.decode(stdout.toByteArray(), stdout.size());
    }

    synchronized String stderr() {
        return ConsoleText.decode(stderr.toByteArray(), stderr.size());
    }

    synchronized boolean truncated() {
        return truncated;
    }

    private Thread reader(InputStream in, ByteArrayOutputStream target, String name) {
        Thread thread = new Thread(() -> drain(in, target), name);
        thread.setDaemon(true);
        return thread;
    }

    private void drain(InputStream in, ByteArrayOutputStream target) {
        byte[] chunk = new byte[CHUNK];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (!keep(target, chunk, n)) {
                    onOverflow.run();
                }
            }
        } catch (IOException e) {
            // The stream closes under us when the process is destroyed; what was read is kept.
        }
    }

    /** Stores what fits; returns false the first time something did not. */
    private synchronized boolean keep(ByteArrayOutputStream target, byte[] chunk, int n) {
        int fits = (int) Math.min(n, budget - used);
        target.write(chunk, 0, fits);
        used += fits;
        if (fits < n && !truncated) {
            truncated = true;
            return false;
        }
        return true;
    }
}
