package lab.gil.sandbox;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Starts every sandboxed process from one long-lived thread. */
final class Launcher {
    /**
     * PR_SET_PDEATHSIG, which bwrap --die-with-parent and setpriv --pdeathsig use, fires when the <em>thread</em> that
     * forked the child exits, not the process. Every run therefore starts from this one thread, which lives as long
     * as the JVM: runs die with the server, never with a request thread.
     */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sandbox-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private Launcher() {
    }

    static Process start(ProcessBuilder builder) throws IOException {
        try {
            return LAUNCHER.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("could not start a sandboxed process", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a sandboxed process", e);
        }
    }
}
