package lab.gil.interpreter;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Tests that run Debian's pypy3: skipped loudly on a machine without it, but never in CI, which installs it. */
final class RealPypy {
    private RealPypy() {
    }

    static void require(Path pypy) {
        if (Files.isExecutable(pypy)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(pypy + " is missing: CI must install Debian's pypy3 (see .ci/run)");
        }
        System.err.println("SKIPPED: " + pypy + " is not installed (apt-get install pypy3)");
        Assumptions.abort(pypy + " is not installed");
    }
}
