package lab.gil.run.result;

import lab.gil.run.RunResult;

/** A result as the JSON kept with its run, shrunk (timeline dropped, output cut) to fit the size limit. */
public final class ResultJson {
    public static final int MAX_RESULT_CHARS = 900_000;

    private ResultJson() {
    }

    public static String of(RunResult result) {
        return result == null ? null : ResultBudget.json(result, MAX_RESULT_CHARS);
    }
}
