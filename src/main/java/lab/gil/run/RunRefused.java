package lab.gil.run;

/** Why a run was not accepted; the web layer turns each kind into its status code. */
public abstract sealed class RunRefused extends RuntimeException permits RunRefused.Busy, RunRefused.NotFound {
    RunRefused(String message) {
        super(message);
    }

    /** Too much to do right now; the client should come back in {@code retryAfterSeconds}. */
    public static final class Busy extends RunRefused {
        private final int retryAfterSeconds;

        public Busy(String message, int retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A request for a lesson or experiment that does not exist. */
    public static final class NotFound extends RunRefused {
        public NotFound(String message) {
            super(message);
        }
    }
}
