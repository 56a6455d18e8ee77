package lab.gil.support;

/** Experiment blocks that compare two variants, with a verdict known in advance whatever the machine's load. */
public final class ComparedExperiments {
    /**
     * Sleeps, so the ratios do not depend on free cores: 100 ms against 5 ms is many times faster on any machine; seven
     * rounds, so one round spoilt by a very busy machine falls outside the interval.
     */
    public static final String CLEAR = """
            ```python experiment
            # id: clear
            # title: Clear
            # chart: bar
            # repetitions: 7
            import time
            import gillab as lab
            lab.compare({"long": lambda: time.sleep(0.1), "short": lambda: time.sleep(0.005)})
            ```

            """;
    /** A stub forced noisy: the second variant sleeps half, twice, then the same as the first, so no band can hold it. */
    public static final String NOISY = """
            ```python experiment
            # id: noisy
            # title: Noisy
            # chart: bar
            # repetitions: 3
            import itertools
            import time
            import gillab as lab
            turns = itertools.cycle([0.01, 0.02, 0.01, 0.005])
            lab.compare({"steady": lambda: time.sleep(0.01), "jumpy": lambda: time.sleep(next(turns))})
            ```

            """;

    /** The clear case with a prediction and the rule that marks it: "slower" is wrong, "faster" right. */
    public static final String PREDICTED = """
            ```python experiment
            # id: predicted
            # title: Predicted
            # chart: bar
            # repetitions: 7
            # predict: Sleeping 5 ms instead of 100 ms is…
            # options: faster | about the same | slower
            # check: faster = faster | about the same = same | slower = slower
            import time
            import gillab as lab
            lab.compare({"long": lambda: time.sleep(0.1), "short": lambda: time.sleep(0.005)})
            ```

            """;

    private ComparedExperiments() {
    }
}
