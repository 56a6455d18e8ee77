package lab.gil.run.execution;

import lab.gil.run.Json;
import lab.gil.run.RunResult;
import lab.gil.run.RunStatus;
import lab.gil.run.channel.ChannelFile;
import lab.gil.run.channel.Recording;
import lab.gil.run.result.ResultBuilder;

import lab.gil.interpreter.Interpreter;
import lab.gil.lanes.LaneSampling;
import lab.gil.lesson.ChartKind;
import lab.gil.lesson.Goal;
import lab.gil.lesson.Judging;
import lab.gil.sandbox.Outcome;
import lab.gil.sandbox.Sandbox;
import lab.gil.sandbox.SandboxProcess;
import lab.gil.sandbox.CpuSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one experiment: hands the code to a sandboxed interpreter as {@code main.py}, follows its progress on
 * the side channel while it runs, and turns what it recorded into a {@link RunResult}.
 */
public final class ExperimentRunner implements Executor {
    private static final Logger log = LoggerFactory.getLogger(ExperimentRunner.class);
    private static final long PROGRESS_POLL_MS = 150;

    private final Sandbox sandbox;
    private final InterpreterPool pool;
    private final ParallelismProbe probe;
    private final List<Interpreter> calibrated;
    private final LaneSampling lanes;
    private final CpuSlots slots;
    private final String node;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "run-ticker");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * What to run. {@code timeout} is the experiment's own limit, if shorter than the sandbox's; {@code goal} the
     * exercise's goal the result is judged against (null: none); {@code judging} how its comparison is read.
     */
    public record Job(String code, Map<String, Object> params, int repetitions, ChartKind chart,
                      Interpreter interpreter, Optional<Duration> timeout, Goal goal, Judging judging) {
        public Job(String code, Map<String, Object> params, int repetitions, ChartKind chart,
                   Interpreter interpreter, Optional<Duration> timeout) {
            this(code, params, repetitions, chart, interpreter, timeout, null, Judging.DEFAULT);
        }

        public Job(String code, Map<String, Object> params, int repetitions, ChartKind chart,
                   Interpreter interpreter, Optional<Duration> timeout, Goal goal) {
            this(code, params, repetitions, chart, interpreter, timeout, goal, Judging.DEFAULT);
        }
    }

    /**
     * How a run ended: its final status, the sentence to show if it did not end well, and its result. Every process
     * of the run is dead by then; {@code release} frees what is left (its cgroup and work folder) and starts the next
     * interpreter, and is called once the run has been recorded and reported, so none of that delays the report.
     */
    public record Execution(RunStatus status, String error, RunResult result, Runnable release) {
        public Execution(RunStatus status, String error, RunResult result) {
            this(status, error, result, () -> {
            });
        }
    }

    /** Progress while running: fraction done (may be absent), the harness's message, seconds elapsed. */
    public record Progress(Double fraction, String message, double elapsedSeconds) {
    }

    /** @param calibrated the interpreters whose effective parallelism is kept up to date between runs */
    public ExperimentRunner(Sandbox sandbox, InterpreterPool pool, ParallelismProbe probe, List<Interpreter> calibrated,
                            LaneSampling lanes) {
        this(sandbox, pool, probe, calibrated, lanes, CpuSlots.unpinned("not asked for"), "local");
    }

    /** The same, running each worker's runs in its own slot of cores on the node named {@code node}. */
    public ExperimentRunner(Sandbox sandbox, InterpreterPool pool, ParallelismProbe probe, List<Interpreter> calibrated,
                            LaneSampling lanes, CpuSlots slots, String node) {
        this.slots = slots;
        this.node = node;
        this.calibrated = List.copyOf(calibrated);
        this.lanes = lanes;
        this.sandbox = sandbox;
        this.pool = pool;
        this.probe = probe;
    }

    @Override
    public Execution run(Job job, Consumer<Progress> onProgress, AtomicBoolean cancelled) throws IOException {
        return run(0, job, onProgress, cancelled);
    }

    @Override
    public Execution run(int worker, Job job, Consumer<Progress> onProgress, AtomicBoolean cancelled) throws IOException {
        CpuSlots.Slot slot = slots.slot(worker);
        Map<String, Object> serverFacts = serverFacts(job.interpreter(), slot);
        InterpreterPool.Started started = pool.take(job.interpreter());
        SandboxProcess process = started.process();
        Path workDir = started.workDir();
        Path script = workDir.resolve("main.py");
        Path channel = workDir.resolve(ChannelFile.NAME);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watcher = null;
        LaneSampling.RunLanes runLanes = null;
        Runnable release = () -> {
            process.close();
            Workspace.delete(workDir);
            // The replacement starts now, not when this one was taken: it would have competed with the run for the cores.
            pool.warm(job.interpreter());
        };
        ChannelFile channelFile = null;
        try {
            // Opened before the job is sent: until then only the harness's boot script has run.
            channelFile = ChannelFile.open(channel);
            ChannelFile tail = channelFile;
            // The interpreter was started before anyone knew which slot would run it: it moves there before the code arrives.
            try {
                slots.pin(process, slot);
            } catch (IOException e) {
                log.warn("a run could not be pinned to the cores of slot {}: {}", slot.number(), e.getMessage());
                serverFacts.put("slotCores", "unpinned");
            }
            process.restartClock();
            long startNanos = System.nanoTime();
            runLanes = lanes.start(process.pid(), process.cgroupDir(), process.hasPidNamespace(), "lanes-" + workDir.getFileName());
            sendJob(process, script, workDir, channel, job);
            long timeoutNanos = job.timeout().map(Duration::toNanos).orElse(Long.MAX_VALUE);
            AtomicReference<Optional<Recording.Progress>> latest = new AtomicReference<>(Optional.empty());
            watcher = ticker.scheduleAtFixedRate(() -> {
                // An exception would end this schedule silently, and with it Cancel and the time limit of the run.
                try {
                    double elapsed = (System.nanoTime() - startNanos) / 1e9;
                    if (cancelled.get()) {
                        process.kill();
                    } else if (System.nanoTime() - startNanos > timeoutNanos) {
                        timedOut.set(true);
                        process.kill();
                    }
                    Recording.latestProgress(tail.newLines()).ifPresent(p -> latest.set(Optional.of(p)));
                    onProgress.accept(new Progress(latest.get().map(Recording.Progress::fraction).orElse(null),
                            latest.get().map(Recording.Progress::message).orElse(""), elapsed));
                } catch (IOException | RuntimeException e) {
                    log.warn("progress of a run could not be read: {}", e.toString());
                }
            }, PROGRESS_POLL_MS, PROGRESS_POLL_MS, TimeUnit.MILLISECONDS);
            Outcome outcome = process.await();
            watcher.cancel(false);
            List<String> lines = channelFile.allLines();
            Recording recording = Recording.read(lines);
            RunResult result = ResultBuilder.build(job.chart(), job.goal(), job.judging(), recording, serverFacts, outcome.stdout(), outcome.stderr(),
                    outcome.exitCode(), outcome.wall().toNanos() / 1e9, runLanes.finish(lines));
            Execution judged = judge(outcome, result, timedOut.get(), cancelled.get(), job);
            Execution execution = new Execution(judged.status(), judged.error(), judged.result(), release);
            release = null;
            return execution;
        } finally {
            if (watcher != null) {
                watcher.cancel(false);
            }
            if (channelFile != null) {
                channelFile.close();
            }
            if (runLanes != null) {
                runLanes.close();
            }
            if (release != null) {
                release.run();
            }
        }
    }

    /** Between runs: bring the parallelism measurement of every interpreter up to date. */
    @Override
    public void idle() {
        idle(0);
    }

    /** The same on the cores of this worker's slot, where its runs will be measured. */
    @Override
    public void idle(int worker) {
        CpuSlots.Slot slot = slots.slot(worker);
        calibrated.forEach(interpreter -> probe.refreshIfStale(interpreter, slot));
    }

    private Map<String, Object> serverFacts(Interpreter interpreter, CpuSlots.Slot slot) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("interpreter", interpreter.name());
        probe.latest(interpreter, slot).ifPresent(p -> facts.put("effectiveParallelism", Math.round(p * 100) / 100.0));
        facts.put("sandbox", sandbox.description());
        facts.put("node", node);
        facts.put("slot", slot.number());
        facts.put("slotCores", slots.pinned() ? slot.cores() : "unpinned");
        return facts;
    }

    private static void sendJob(SandboxProcess process, Path script, Path workDir, Path channel, ExperimentRunner.Job job) throws IOException {
        Map<String, Object> config = Map.of("params", job.params(), "repetitions", job.repetitions());
        // The code travels in the job: with bubblewrap the run's work folder is its own tmpfs, out of the server's reach.
        Map<String, Object> message = Map.of("script", script.toString(), "code", job.code(), "cwd", workDir.toString(),
                "channel", channel.toString(), "config", config);
        OutputStream stdin = process.stdin();
        stdin.write(Json.MAPPER.writeValueAsBytes(message));
        stdin.write('\n');
        stdin.close();
    }

    static Execution judge(Outcome outcome, RunResult result, boolean timedOut, boolean cancelled, Job job) {
        if (cancelled) {
            return new Execution(RunStatus.KILLED, "You cancelled this run.", result);
        }
        if (timedOut) {
            return new Execution(RunStatus.TIMEOUT, "Stopped after " + job.timeout().orElseThrow().toSeconds()
                    + " s: this experiment's time limit was reached.", result);
        }
        return switch (outcome.reason()) {
            case NONE -> outcome.exitCode() == 0
                    ? new Execution(RunStatus.DONE, null, result)
                    : new Execution(RunStatus.FAILED, failure(outcome), result);
            case WALL_TIMEOUT -> new Execution(RunStatus.TIMEOUT, outcome.message(), result);
            default -> new Execution(RunStatus.KILLED, outcome.message(), result);
        };
    }

    /** "Your code stopped with an error: ZeroDivisionError: division by zero (line 12)." */
    static String failure(Outcome outcome) {
        String[] lines = outcome.stderr().strip().split("\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        Optional<String> line = lastStudentLine(lines);
        if (last.isEmpty()) {
            return "The experiment exited with code " + outcome.exitCode() + ".";
        }
        if (last.length() > 300) {
            last = last.substring(0, 300) + "…";
        }
        String error = "Your code stopped with an error: " + last + line.map(l -> " (line " + l + ")").orElse("") + ".";
        return outcome.diskFull() ? error + " " + Outcome.DISK_FULL : error;
    }

    private static Optional<String> lastStudentLine(String[] lines) {
        String found = null;
        for (String line : lines) {
            int at = line.indexOf("main.py\", line ");
            if (at >= 0) {
                String rest = line.substring(at + "main.py\", line ".length());
                found = rest.split("[^0-9]", 2)[0];
            }
        }
        return Optional.ofNullable(found).filter(s -> !s.isEmpty());
    }
}
