package lab.gil.run.execution;

import lab.gil.run.channel.ChannelFile;
import lab.gil.interpreter.Interpreter;
import lab.gil.sandbox.Sandbox;
import lab.gil.sandbox.SandboxProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Interpreters started ahead of time, each sandboxed in a fresh work folder and waiting on stdin for its one
 * job, so a run does not pay for interpreter start-up. Each is used once; a replacement starts in the
 * background as soon as one is taken.
 */
public final class InterpreterPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InterpreterPool.class);

    private final Sandbox sandbox;
    private final HarnessFiles harness;
    private final int size;
    private final Map<String, Deque<Started>> ready = new HashMap<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "interpreter-pool");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed;

    /** A sandboxed interpreter waiting for its job, and the folder it may write in. */
    public record Started(Interpreter interpreter, SandboxProcess process, Path workDir) {
    }

    /** @param size interpreters kept waiting per interpreter kind; 0 starts each one on demand */
    public InterpreterPool(Sandbox sandbox, HarnessFiles harness, int size) {
        this.sandbox = sandbox;
        this.harness = harness;
        this.size = size;
    }

    /** A waiting interpreter if one is ready, else one started now. Call {@link #warm} once its run is over. */
    public Started take(Interpreter interpreter) throws IOException {
        Started started;
        synchronized (this) {
            Deque<Started> queue = ready.computeIfAbsent(interpreter.name(), k -> new ArrayDeque<>());
            started = queue.pollFirst();
            while (started != null && !started.process().isAlive()) {
                discard(started);
                started = queue.pollFirst();
            }
        }
        return started != null ? started : start(interpreter);
    }

    /** Starts the pool's interpreters for this kind in the background, up to the pool's size. */
    public void warm(Interpreter interpreter) {
        refill(interpreter);
    }

    private void refill(Interpreter interpreter) {
        if (size == 0) {
            return;
        }
        starter.execute(() -> {
            while (true) {
                synchronized (this) {
                    if (closed || ready.computeIfAbsent(interpreter.name(), k -> new ArrayDeque<>()).size() >= size) {
                        return;
                    }
                }
                try {
                    Started started = start(interpreter);
                    synchronized (this) {
                        if (closed) {
                            discard(started);
                            return;
                        }
                        ready.get(interpreter.name()).addLast(started);
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("cannot pre-start {}: {}", interpreter.name(), e.getMessage());
                    return;
                }
            }
        });
    }

    private Started start(Interpreter interpreter) throws IOException {
        Path workDir = Files.createTempDirectory("gillab-run-");
        try {
            // Made before the start, so it is shown to the run and is the file the server opens (see ChannelFile).
            ChannelFile.create(workDir);
            Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8",
                    "HOME", workDir.toString(), "PYTHONDONTWRITEBYTECODE", "1", "PYTHONUNBUFFERED", "1",
                    "OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "1", "MKL_NUM_THREADS", "1"));
            SandboxProcess process = sandbox.start(
                    interpreter.command("-I", "-u", harness.bootScript().toString()),
                    workDir, env, readOnlyPaths(harness, interpreter));
            return new Started(interpreter, process, workDir);
        } catch (IOException | RuntimeException e) {
            Workspace.delete(workDir);
            throw e;
        }
    }

    /** The harness, and an interpreter installed outside /usr (which the sandbox shows anyway). */
    static Set<Path> readOnlyPaths(HarnessFiles harness, Interpreter interpreter) {
        Set<Path> paths = new HashSet<>(interpreter.sandboxPaths());
        paths.add(harness.dir());
        return paths;
    }

    private static void discard(Started started) {
        started.process().close();
        Workspace.delete(started.workDir());
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            ready.values().forEach(queue -> queue.forEach(InterpreterPool::discard));
            ready.clear();
        }
        starter.shutdownNow();
    }
}
