package lab.gil.interpreter;

import lab.gil.sandbox.Limits;
import lab.gil.sandbox.Outcome;
import lab.gil.sandbox.Sandbox;
import lab.gil.sandbox.SandboxProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static lab.gil.interpreter.RealFreeThreaded.DEFAULT_BUILD;
import static lab.gil.interpreter.RealFreeThreaded.FREE_THREADED;
import static lab.gil.interpreter.RealFreeThreaded.PYTHON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Discovery, the GIL variant and the sandbox on the real CPython 3.13 builds of bin/install-free-threaded. */
class FreeThreadedBuildTest {
    private static final String GIL_AND_STDLIB = "import sys, sysconfig; print(sys._is_gil_enabled(), sysconfig.get_path('stdlib'))";

    @TempDir
    Path root;

    @BeforeEach
    void requireTheBuilds() {
        RealFreeThreaded.require();
    }

    @Test
    void discoveryFindsBothBuildsAndTheGilVariantEachWithItsRealGilState() {
        Interpreters found = new InterpreterDiscovery(new InterpreterProbe(Duration.ofSeconds(30)), List.of(Path.of("/usr/local/bin")))
                .discover(PYTHON, Optional.empty());

        assertThat(found.available()).extracting(Interpreters.Available::name)
                .containsSubsequence("python3", "python3.13", "python3.13t", "python3.13t+gil");
        assertThat(facts(found, "python3.13")).isEqualTo(new InterpreterFacts("CPython", "3.13.5", true, false));
        assertThat(facts(found, "python3.13t")).isEqualTo(new InterpreterFacts("CPython", "3.13.5", false, true));
        assertThat(facts(found, "python3.13t+gil")).isEqualTo(new InterpreterFacts("CPython", "3.13.5", true, true));
        assertThat(found.find("python3.13t+gil").orElseThrow().executable()).isEqualTo(FREE_THREADED);
        assertThat(found.find("python3.13").orElseThrow().executable()).isEqualTo(DEFAULT_BUILD);
    }

    @Test
    void theFreeThreadedBuildUnderOptRunsInBubblewrapWithItsPrefixShownAndNotWithout() throws IOException {
        Sandbox sandbox = Sandbox.detect(Limits.defaults());
        assumeTrue(sandbox.usesBubblewrap(), "bubblewrap cannot be used here: " + sandbox.description());
        Interpreter withGil = Interpreter.of("python3.13t", FREE_THREADED).variant("python3.13t+gil", "-X", "gil=1");
        assertThat(withGil.sandboxPaths()).contains(Path.of("/opt/python3.13t"));

        Outcome shown = run(sandbox, withGil, withGil.sandboxPaths());
        Outcome hidden = run(sandbox, withGil, Set.of());

        assertThat(shown.succeeded()).as(shown.message() + "\n" + shown.stderr()).isTrue();
        assertThat(shown.stdout().strip()).isEqualTo("True /opt/python3.13t/lib/python3.13t");
        // Bubblewrap shows /usr but not /opt: without the prefix, the link in /usr/local/bin leads nowhere.
        assertThat(hidden.succeeded()).isFalse();
    }

    private Outcome run(Sandbox sandbox, Interpreter interpreter, Set<Path> readOnly) throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = Files.createTempDirectory(root, "work");
        try (SandboxProcess process = sandbox.start(interpreter.command("-I", "-c", GIL_AND_STDLIB), work,
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8", "HOME", work.toString()), readOnly)) {
            process.stdin().close();
            return process.await();
        }
    }

    private static InterpreterFacts facts(Interpreters found, String name) {
        return found.available().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().facts();
    }
}
