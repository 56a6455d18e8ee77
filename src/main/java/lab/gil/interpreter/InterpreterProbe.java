package lab.gil.interpreter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks an interpreter what it is by running it once with a tiny script. This happens at start-up, on the
 * operator's own configuration, so it runs outside the sandbox, with a clean environment and a time limit.
 */
public final class InterpreterProbe {
    /** The oldest Python the harness supports. */
    static final int MIN_MINOR = 9;
    private static final int MAX_OUTPUT_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = """
            import json, sys, sysconfig
            names = {"cpython": "CPython", "pypy": "PyPy"}
            enabled = getattr(sys, "_is_gil_enabled", None)
            print(json.dumps({"implementation": names.get(sys.implementation.name, sys.implementation.name),
                              "version": "%d.%d.%d" % sys.version_info[:3],
                              "gilEnabled": bool(enabled()) if enabled else True,
                              "freeThreaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED"))}))
            """;

    private final Duration timeout;

    /** Why an interpreter cannot be used, as a phrase an operator can act on. */
    public static final class Failed extends Exception {
        Failed(String reason) {
            super(reason);
        }
    }

    public InterpreterProbe(Duration timeout) {
        this.timeout = timeout;
    }

    public InterpreterFacts probe(Interpreter interpreter) throws Failed {
        Path executable = interpreter.executable();
        if (!Files.exists(executable)) {
            throw new Failed(executable + " does not exist");
        }
        if (!Files.isExecutable(executable)) {
            throw new Failed(executable + " is not executable");
        }
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("gillab-probe-", ".out");
            stderr = Files.createTempFile("gillab-probe-", ".err");
            ProcessBuilder builder = new ProcessBuilder(interpreter.command("-I", "-c", SCRIPT))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.put("LANG", "C.UTF-8");
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new Failed("it did not answer within " + timeout.toMillis() / 1000.0 + " s");
            }
            if (process.exitValue() != 0) {
                String last = lastLine(read(stderr));
                throw new Failed("it exited with code " + process.exitValue() + (last.isEmpty() ? "" : ": " + last));
            }
            return parse(read(stdout));
        } catch (IOException e) {
            throw new Failed("it could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("the server stopped while asking it");
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    static InterpreterFacts parse(String output) throws Failed {
        JsonNode answer;
        try {
            answer = JSON.readTree(lastLine(output));
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.path("implementation").isTextual() || !answer.path("version").isTextual()
                || !answer.path("gilEnabled").isBoolean()) {
            throw new Failed("it did not report its version (is it Python 3?)");
        }
        String version = answer.get("version").asText();
        String[] parts = version.split("\\.");
        if (parts.length < 2 || !parts[0].equals("3") || !parts[1].matches("\\d+") || Integer.parseInt(parts[1]) < MIN_MINOR) {
            throw new Failed("Python " + version + " is too old: experiments need 3." + MIN_MINOR + " or later");
        }
        return new InterpreterFacts(answer.get("implementation").asText(), version, answer.get("gilEnabled").asBoolean(),
                answer.path("freeThreaded").asBoolean(false));
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        return last.length() > 200 ? last.substring(0, 200) + "…" : last;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }
}
