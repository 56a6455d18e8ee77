package lab.gil.sandbox;

import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** No bubblewrap, as in an unprivileged container, but a writable cgroup hierarchy. */
class CgroupOnlySandboxTest extends ContainmentContract {

    @Override
    Sandbox.Builder configure(Sandbox.Builder builder) {
        return builder.bubblewrap(false);
    }

    @BeforeEach
    void requireCgroup() {
        assumeTrue(small.usesCgroup(), "no writable cgroup hierarchy here: " + small.description());
    }
}
