package lab.gil.experiment;

import lab.gil.Config;
import lab.gil.interpreter.InterpreterDiscovery;
import lab.gil.interpreter.InterpreterProbe;
import lab.gil.interpreter.Interpreters;
import lab.gil.lanes.LaneSampling;
import lab.gil.lesson.LessonCatalog;
import lab.gil.sandbox.Sandbox;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** Everything that runs experiments, assembled from the configuration, and closed together. */
public record Experiments(Sandbox sandbox, HarnessFiles harness, Interpreters interpreters, InterpreterPool pool,
                          ExperimentRunner runner, RunService runs) implements AutoCloseable {
    /** How long an interpreter may take to say what it is at start-up; PyPy needs the most. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    public static Experiments start(Config config, DataSource dataSource, LessonCatalog catalog) {
        Sandbox sandbox = Sandbox.detect(config.limits());
        HarnessFiles harness = HarnessFiles.extract();
        Interpreters interpreters = new InterpreterDiscovery(new InterpreterProbe(PROBE_TIMEOUT),
                InterpreterDiscovery.searchPath(System.getenv("PATH"))).discover(config.python(), config.interpreters());
        InterpreterPool pool = new InterpreterPool(sandbox, harness, config.warmInterpreters());
        ParallelismProbe probe = new ParallelismProbe(sandbox, harness, Duration.ofMinutes(1), Clock.systemUTC());
        ExperimentRunner runner = new ExperimentRunner(sandbox, pool, probe, interpreters.all(), new LaneSampling(config.lanesHz()));
        RunService runs = new RunService(catalog, new RunRepository(dataSource, config.instance()), runner, interpreters, config.queue(), Clock.systemUTC());
        runs.start();
        interpreters.defaultInterpreter().ifPresent(pool::warm);
        return new Experiments(sandbox, harness, interpreters, pool, runner, runs);
    }

    /** Stops the queue, the waiting interpreters and removes the unpacked harness; safe to call twice. */
    @Override
    public void close() {
        runs.close();
        pool.close();
        Workspace.delete(harness.dir());
    }
}
