package lab.gil.lanes;

/**
 * What the kernel said a thread was doing when it was sampled. {@code running} is state R, which is both "on a CPU"
 * and "ready, waiting for a free CPU": with scheduler statistics off the kernel does not tell them apart.
 */
public enum LaneState {
    /** State R: on a CPU or ready for one. */
    RUNNING("running"),
    /** Asleep on a futex: a lock, which for two busy Python threads under the GIL is the GIL. */
    LOCK("lock"),
    /** Asleep in any other kernel wait: sleep, I/O, select/poll, pipes, waiting for a child. */
    SYSCALL("syscall");

    private final String json;

    LaneState(String json) {
        this.json = json;
    }

    /** The name the API uses. */
    public String json() {
        return json;
    }
}
