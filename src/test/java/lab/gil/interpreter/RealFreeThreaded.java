package lab.gil.interpreter;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tests that run the CPython 3.13 builds bin/install-free-threaded makes (python3.13 and python3.13t in
 * /usr/local/bin, installed under /opt): skipped loudly on a machine without them, but never in CI, which builds them.
 */
final class RealFreeThreaded {
    static final Path DEFAULT_BUILD = Path.of("/usr/local/bin/python3.13");
    static final Path FREE_THREADED = Path.of("/usr/local/bin/python3.13t");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private RealFreeThreaded() {
    }

    static void require() {
        if (Files.isExecutable(FREE_THREADED) && Files.isExecutable(DEFAULT_BUILD)) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(FREE_THREADED + " or " + DEFAULT_BUILD + " is missing: CI must run bin/install-free-threaded (see .ci/run)");
        }
        System.err.println("SKIPPED: " + FREE_THREADED + " is not installed (sudo bin/install-free-threaded builds it)");
        Assumptions.abort(FREE_THREADED + " is not installed");
    }

    /**
     * A tiny C extension compiled with gcc against the free-threaded build's headers, which does not declare
     * itself safe without the GIL: importing it turns the GIL back on. Returns the module file, named as the
     * build expects (e.g. needs_gil.cpython-313t-x86_64-linux-gnu.so).
     */
    static Path extensionNeedingTheGil(Path dir) throws IOException, InterruptedException {
        String suffix = output(FREE_THREADED.toString(), "-I", "-c",
                "import importlib.machinery as m; print(m.EXTENSION_SUFFIXES[0])");
        String include = output(FREE_THREADED.toString(), "-I", "-c", "import sysconfig; print(sysconfig.get_path('include'))");
        Path source = Files.writeString(dir.resolve("needs_gil.c"), """
                #include <Python.h>
                /* Single-phase initialisation without PyUnstable_Module_SetGIL: the module makes no promise
                   about running without the GIL, as every extension written before 3.13. */
                static struct PyModuleDef definition = {PyModuleDef_HEAD_INIT, "needs_gil", NULL, -1, NULL};
                PyMODINIT_FUNC PyInit_needs_gil(void) { return PyModule_Create(&definition); }
                """);
        Path module = dir.resolve("needs_gil" + suffix);
        output("gcc", "-shared", "-fPIC", "-O1", "-s", "-I" + include, source.toString(), "-o", module.toString());
        return module;
    }

    private static String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
