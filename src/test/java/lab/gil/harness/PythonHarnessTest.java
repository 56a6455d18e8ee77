package lab.gil.harness;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness's own Python tests (src/test/python), run as part of the Maven build. */
class PythonHarnessTest {
    @Test
    void harnessUnitTestsPassUnderTheExperimentInterpreter() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover", "-v")
                .directory(new File("src/test/python"))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        assertThat(ended).as("the harness tests finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("Ran [1-9]\\d* tests").contains("OK");
    }
}
