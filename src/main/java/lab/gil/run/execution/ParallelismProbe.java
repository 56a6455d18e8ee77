package lab.gil.run.execution;

import lab.gil.run.Json;

import lab.gil.interpreter.Interpreter;
import lab.gil.sandbox.CpuSlots;
import lab.gil.sandbox.Outcome;
import lab.gil.sandbox.Sandbox;
import lab.gil.sandbox.SandboxProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How much faster N processes finish a fixed loop than one, measured in the sandbox right now. On shared
 * machines a second core often gives 1.3×, not 2×; charts draw their ideal line from this. Measured at most
 * once a minute per interpreter, by the queue's worker, so it never overlaps a measured run.
 */
public final class ParallelismProbe {
    private static final Logger log = LoggerFactory.getLogger(ParallelismProbe.class);

    private final Sandbox sandbox;
    private final CpuSlots slots;
    private final HarnessFiles harness;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Measured> cache = new HashMap<>();

    private record Measured(double parallelism, Instant at) {
    }

    public ParallelismProbe(Sandbox sandbox, HarnessFiles harness, Duration maxAge, Clock clock) {
        this(sandbox, CpuSlots.unpinned("not asked for"), harness, maxAge, clock);
    }

    /** The same, measuring each slot on its own cores (a slot's runs can only use those). */
    public ParallelismProbe(Sandbox sandbox, CpuSlots slots, HarnessFiles harness, Duration maxAge, Clock clock) {
        this.slots = slots;
        this.sandbox = sandbox;
        this.harness = harness;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The last measurement, however old; measures now only if there has never been one. */
    public Optional<Double> latest(Interpreter interpreter) {
        return latest(interpreter, slots.slot(0));
    }

    /** The same on one slot's cores. */
    public synchronized Optional<Double> latest(Interpreter interpreter, CpuSlots.Slot slot) {
        Measured cached = cache.get(key(interpreter, slot));
        if (cached == null) {
            refresh(interpreter, slot);
            cached = cache.get(key(interpreter, slot));
        }
        return cached == null || cached.parallelism() <= 0 ? Optional.empty() : Optional.of(cached.parallelism());
    }

    /**
     * Measures again if the last measurement (or failed attempt) is older than the maximum age. The queue calls
     * this while it has nothing to run, so no run waits for it and none runs beside it.
     */
    public synchronized void refreshIfStale(Interpreter interpreter, CpuSlots.Slot slot) {
        Measured cached = cache.get(key(interpreter, slot));
        if (cached == null || !cached.at().plus(maxAge).isAfter(clock.instant())) {
            refresh(interpreter, slot);
        }
    }

    private void refresh(Interpreter interpreter, CpuSlots.Slot slot) {
        // A failure is remembered too (as 0), so a broken calibration is not retried before every run.
        cache.put(key(interpreter, slot), new Measured(calibrate(interpreter, slot).orElse(0.0), clock.instant()));
    }

    private static String key(Interpreter interpreter, CpuSlots.Slot slot) {
        return interpreter.name() + "@" + slot.number();
    }

    private Optional<Double> calibrate(Interpreter interpreter, CpuSlots.Slot slot) {
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("gillab-probe-");
            try (SandboxProcess process = sandbox.start(
                    List.of(interpreter.executable().toString(), "-I", harness.bootScript().toString(), "--calibrate"),
                    workDir, Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"),
                    InterpreterPool.readOnlyPaths(harness, interpreter))) {
                try {
                    slots.pin(process, slot);
                } catch (IOException e) {
                    log.warn("the calibration could not be pinned to the cores of slot {}: {}", slot.number(), e.getMessage());
                }
                process.stdin().close();
                Outcome outcome = process.await();
                if (!outcome.succeeded()) {
                    log.warn("parallelism calibration with {} failed: {}", interpreter.name(), outcome.message());
                    return Optional.empty();
                }
                String line = outcome.stdout().strip();
                double value = Json.MAPPER.readTree(line.substring(line.lastIndexOf('\n') + 1)).path("effectiveParallelism").asDouble(-1);
                return value > 0 ? Optional.of(value) : Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            log.warn("parallelism calibration with {} failed: {}", interpreter.name(), e.getMessage());
            return Optional.empty();
        } finally {
            if (workDir != null) {
                Workspace.delete(workDir);
            }
        }
    }
}
