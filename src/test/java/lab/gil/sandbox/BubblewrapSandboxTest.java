package lab.gil.sandbox;

import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Everything this machine offers: bubblewrap, a cgroup per run where writable, and an unprivileged uid as root. */
class BubblewrapSandboxTest extends ContainmentContract {

    @Override
    Sandbox.Builder configure(Sandbox.Builder builder) {
        return builder;
    }

    @BeforeEach
    void requireBubblewrap() {
        assumeTrue(small.usesBubblewrap(), "bubblewrap cannot be used here: " + small.description());
    }
}
