package lab.gil.interpreter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Python the server can run experiments with, and the environment variables it needs (e.g. PYTHON_GIL=1 for
 * the GIL-enabled variant of a free-threaded build). The name is what the API and the page call it.
 */
public record Interpreter(String name, Path executable, List<String> environment) {

    public Interpreter {
        environment = List.copyOf(environment);
    }

    public static Interpreter of(String name, Path executable) {
        return new Interpreter(name, executable, List.of());
    }

    /** The same executable under another name with one more environment variable, as {@code NAME=value}. */
    public Interpreter variant(String variantName, String assignment) {
        List<String> more = new ArrayList<>(environment);
        more.add(assignment);
        return new Interpreter(variantName, executable, more);
    }

    /** Whether the executable is still there: an operator may uninstall an interpreter while the server runs. */
    public boolean present() {
        return Files.isExecutable(executable);
    }

    /**
     * The folder a sandbox must show for this interpreter to start: its installation prefix (the folder above
     * {@code bin/}) when it lives outside /usr, which sandboxes show anyway.
     */
    public Optional<Path> installation() {
        Path real;
        try {
            real = executable.toRealPath();
        } catch (IOException e) {
            real = executable.toAbsolutePath();
        }
        if (real.startsWith("/usr")) {
            return Optional.empty();
        }
        Path bin = real.getParent();
        return Optional.ofNullable(bin != null && bin.getParent() != null ? bin.getParent() : bin);
    }
}
