package lab.gil.run;

import lab.gil.run.execution.ExperimentRunner;
import lab.gil.run.execution.HarnessFiles;
import lab.gil.run.execution.InterpreterPool;
import lab.gil.run.execution.ParallelismProbe;
import lab.gil.run.execution.Workspace;
import lab.gil.run.record.RunRepository;

import lab.gil.Config;
import lab.gil.interpreter.InterpreterDiscovery;
import lab.gil.interpreter.InterpreterProbe;
import lab.gil.interpreter.Interpreters;
import lab.gil.lanes.LaneSampling;
import lab.gil.lesson.LessonCatalog;
import lab.gil.sandbox.CpuSlots;
import lab.gil.sandbox.EditedCodePolicy;
import lab.gil.sandbox.Sandbox;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** The stages of the run pipeline, assembled from the configuration, and closed together. */
public record RunPipeline(Sandbox sandbox, EditedCodePolicy editedCode, HarnessFiles harness, Interpreters interpreters, InterpreterPool pool,
                          ExperimentRunner runner, RunRepository repository, Runs runs, CpuSlots slots) implements AutoCloseable {
    /** How long an interpreter may take to say what it is at start-up; PyPy needs the most. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    public static RunPipeline start(Config config, DataSource dataSource, LessonCatalog catalog) {
        return start(config, dataSource, catalog, Sandbox.detect(config.limits()));
    }

    /** The same over a given sandbox, e.g. one without bubblewrap. */
    public static RunPipeline start(Config config, DataSource dataSource, LessonCatalog catalog, Sandbox sandbox) {
        EditedCodePolicy editedCode = EditedCodePolicy.of(sandbox, config.editedCode());
        HarnessFiles harness = HarnessFiles.extract();
        Interpreters interpreters = new InterpreterDiscovery(new InterpreterProbe(PROBE_TIMEOUT),
                InterpreterDiscovery.searchPath(System.getenv("PATH"))).discover(config.python(), config.interpreters());
        InterpreterPool pool = new InterpreterPool(sandbox, harness, config.warmInterpreters());
        CpuSlots slots = CpuSlots.detect(config.slots().count(), config.slots().coresEach());
        ParallelismProbe probe = new ParallelismProbe(sandbox, slots, harness, Duration.ofMinutes(1), Clock.systemUTC());
        ExperimentRunner runner = new ExperimentRunner(sandbox, pool, probe, interpreters.all(), new LaneSampling(config.lanesHz()),
                slots, config.instance());
        RunRepository repository = new RunRepository(dataSource, config.instance());
        // Pinned slots run side by side without sharing cores; unpinned, runs take turns unless the operator says otherwise.
        // Runs beyond the slots (GILLAB_PARALLEL_RUNS) share the slots' cores, as the operator asked.
        QueueSettings queue = slots.pinned() ? config.queue().withParallel(Math.max(slots.slots().size(), config.queue().parallel()))
                : config.queue();
        // On PostgreSQL the nodes of the database share one queue; this node runs experiments in its slots if it is a runner.
        Runs.Shared shared = config.nodes().shared() ? new Runs.Shared(dataSource, config.nodes(), config.instance(), queue.parallel()) : null;
        Runs runs = new Runs(catalog, repository, runner, interpreters, queue, Clock.systemUTC(), editedCode, shared);
        runs.start();
        interpreters.defaultInterpreter().ifPresent(pool::warm);
        return new RunPipeline(sandbox, editedCode, harness, interpreters, pool, runner, repository, runs, slots);
    }

    /** Stops the queue, the waiting interpreters and removes the unpacked harness; safe to call twice. */
    @Override
    public void close() {
        runs.close();
        pool.close();
        Workspace.delete(harness.dir());
    }
}
