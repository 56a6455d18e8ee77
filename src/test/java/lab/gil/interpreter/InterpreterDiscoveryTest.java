package lab.gil.interpreter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterpreterDiscoveryTest {
    static final Path FAKES = Path.of("src/test/resources/fake-interpreters").toAbsolutePath();
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final InterpreterDiscovery discovery = new InterpreterDiscovery(new InterpreterProbe(Duration.ofSeconds(10)), List.of());

    @Test
    void aFreeThreadedBuildReportsTheGilOffAndGetsAVariantWithTheGilOn() {
        Interpreters found = discovery.discover(PYTHON, Optional.of("python3=" + PYTHON + ",ft=" + FAKES.resolve("free-threaded")));

        assertThat(found.available()).extracting(Interpreters.Available::name).containsExactly("python3", "ft", "ft+gil");
        InterpreterFacts python = found.available().get(0).facts();
        assertThat(python.implementation()).isEqualTo("CPython");
        assertThat(python.version()).startsWith("3.11.");
        assertThat(python.gilEnabled()).isTrue();
        assertThat(python.freeThreaded()).isFalse();
        assertThat(found.available().get(1).facts()).isEqualTo(new InterpreterFacts("CPython", "3.13.1", false, true));
        assertThat(found.available().get(2).facts()).isEqualTo(new InterpreterFacts("CPython", "3.13.1", true, true));
        assertThat(found.find("ft+gil").orElseThrow().options()).containsExactly("-X", "gil=1");
        assertThat(found.defaultInterpreter()).hasValueSatisfying(i -> assertThat(i.name()).isEqualTo("python3"));
        assertThat(found.unavailable()).isEmpty();
    }

    @Test
    void aBrokenInterpreterIsSetAsideWithWhatItSaid() {
        Interpreters found = discovery.discover(PYTHON, Optional.of("broken=" + FAKES.resolve("broken") + ",python3=" + PYTHON));

        assertThat(found.available()).extracting(Interpreters.Available::name).containsExactly("python3");
        assertThat(found.defaultInterpreter()).hasValueSatisfying(i -> assertThat(i.name()).isEqualTo("python3"));
        assertThat(found.find("broken")).isEmpty();
        Interpreters.Unavailable broken = found.findUnavailable("broken").orElseThrow();
        assertThat(broken.reason()).startsWith("it exited with code 127: ").contains("libpython3.13t.so.1.0");
    }

    @Test
    void anInterpreterThatDoesNotAnswerIsGivenUpOnAfterTheTimeout() {
        InterpreterDiscovery impatient = new InterpreterDiscovery(new InterpreterProbe(Duration.ofMillis(300)), List.of());

        Interpreters found = impatient.discover(PYTHON, Optional.of("stuck=" + FAKES.resolve("hangs")));

        assertThat(found.available()).isEmpty();
        assertThat(found.defaultInterpreter()).isEmpty();
        assertThat(found.findUnavailable("stuck").orElseThrow().reason()).isEqualTo("it did not answer within 0.3 s");
    }

    @Test
    void aMissingOrNonExecutableFileIsNamedAsSuch(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("python3.13t"), "not a program");

        Interpreters found = discovery.discover(PYTHON, Optional.of("gone=" + dir.resolve("nothing") + ",plain=" + plain));

        assertThat(found.findUnavailable("gone").orElseThrow().reason()).isEqualTo(dir.resolve("nothing") + " does not exist");
        assertThat(found.findUnavailable("plain").orElseThrow().reason()).isEqualTo(plain + " is not executable");
    }

    @Test
    void freeThreadedBuildsOnTheSearchPathAreFoundInVersionOrderOnce(@TempDir Path dir) throws IOException {
        Path first = Files.createDirectories(dir.resolve("local/bin"));
        Path second = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(first.resolve("python3.14t"), FAKES.resolve("free-threaded"));
        Files.copy(FAKES.resolve("free-threaded"), second.resolve("python3.13t"));
        Files.copy(FAKES.resolve("free-threaded"), second.resolve("python3.14t"));
        Files.writeString(second.resolve("python3.12"), "not free-threaded by its name");

        List<Interpreter> candidates = new InterpreterDiscovery(new InterpreterProbe(Duration.ofSeconds(10)), List.of(first, second))
                .candidates(PYTHON);

        assertThat(candidates).extracting(Interpreter::name).containsExactly("python3", "python3.13t", "python3.14t");
        assertThat(candidates.get(2).executable()).isEqualTo(first.resolve("python3.14t"));
    }

    @Test
    void theDefaultBuildInTheFolderOfAFreeThreadedOneComesRightBeforeIt(@TempDir Path dir) throws IOException {
        Path local = Files.createDirectories(dir.resolve("local/bin"));
        Path other = Files.createDirectories(dir.resolve("bin"));
        Files.copy(FAKES.resolve("free-threaded"), local.resolve("python3.13t"));
        Files.copy(FAKES.resolve("hangs"), local.resolve("python3.13"));
        Files.copy(FAKES.resolve("hangs"), other.resolve("python3.14"));
        Files.copy(FAKES.resolve("free-threaded"), other.resolve("python3.15t"));

        List<Interpreter> candidates = new InterpreterDiscovery(new InterpreterProbe(Duration.ofSeconds(10)), List.of(local, other))
                .candidates(PYTHON);

        assertThat(candidates).extracting(Interpreter::name).containsExactly("python3", "python3.13", "python3.13t", "python3.15t");
        assertThat(candidates.get(1).executable()).isEqualTo(local.resolve("python3.13"));
    }

    @Test
    void theSearchPathIsPathThenUsrBinAndUsrLocalBinEachOnce() {
        assertThat(InterpreterDiscovery.searchPath("/opt/py/bin:relative/bin:/usr/bin"))
                .containsExactly(Path.of("/opt/py/bin"), Path.of("/usr/bin"), Path.of("/usr/local/bin"));
        assertThat(InterpreterDiscovery.searchPath(null)).containsExactly(Path.of("/usr/bin"), Path.of("/usr/local/bin"));
    }

    @Test
    void debiansPypyIsFoundAndSaysWhatItIs() {
        Path pypy = Path.of("/usr/bin/pypy3");
        RealPypy.require(pypy);

        Interpreters found = new InterpreterDiscovery(new InterpreterProbe(Duration.ofSeconds(30)), List.of(Path.of("/usr/bin")))
                .discover(PYTHON, Optional.empty());

        InterpreterFacts facts = found.available().stream().filter(a -> a.name().equals("pypy3")).findFirst().orElseThrow().facts();
        assertThat(facts.implementation()).isEqualTo("PyPy");
        assertThat(facts.version()).startsWith("3.");
        assertThat(facts.gilEnabled()).isTrue();
        assertThat(found.available().get(0).name()).isEqualTo("python3");
    }

    @Test
    void anExplicitListMustBeNamePathPairsWithDistinctNames() {
        assertThat(InterpreterDiscovery.parse(" python3=/usr/bin/python3 , pypy3=/usr/bin/pypy3,"))
                .containsExactly(Interpreter.of("python3", PYTHON), Interpreter.of("pypy3", Path.of("/usr/bin/pypy3")));
        assertThatThrownBy(() -> InterpreterDiscovery.parse("/usr/bin/pypy3"))
                .hasMessageContaining("'/usr/bin/pypy3' is not name=path");
        assertThatThrownBy(() -> InterpreterDiscovery.parse("my python=/usr/bin/python3"))
                .hasMessageContaining("is not name=path");
        assertThatThrownBy(() -> InterpreterDiscovery.parse("a=/usr/bin/python3,a=/usr/bin/pypy3"))
                .hasMessageContaining("the name 'a' is given twice");
        assertThatThrownBy(() -> InterpreterDiscovery.parse(" , "))
                .hasMessageContaining("names no interpreter");
    }

    @Test
    void aPythonOlderThanTheHarnessSupportsIsRefused() throws InterpreterProbe.Failed {
        assertThatThrownBy(() -> InterpreterProbe.parse("{\"implementation\": \"CPython\", \"version\": \"3.8.18\", \"gilEnabled\": true}"))
                .hasMessage("Python 3.8.18 is too old: experiments need 3.9 or later");
        assertThatThrownBy(() -> InterpreterProbe.parse("Python 2.7.18"))
                .hasMessage("it did not report its version (is it Python 3?)");
        assertThat(InterpreterProbe.parse("a warning first\n{\"implementation\": \"PyPy\", \"version\": \"3.10.14\", \"gilEnabled\": true}"))
                .isEqualTo(new InterpreterFacts("PyPy", "3.10.14", true, false));
    }

    @Test
    void aSandboxIsShownAnInterpreterOutsideUsrButNeverTheWholeHost(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("python3-link"), PYTHON);

        assertThat(Interpreter.of("python3", PYTHON).sandboxPaths()).isEmpty();
        assertThat(Interpreter.of("ft", Path.of("/opt/python3.13t/bin/python3.13t")).sandboxPaths()).containsExactly(Path.of("/opt/python3.13t"));
        assertThat(Interpreter.of("link", link).sandboxPaths()).containsExactly(dir);
        assertThat(Interpreter.of("odd", Path.of("/python3")).sandboxPaths()).isEmpty();
    }
}
