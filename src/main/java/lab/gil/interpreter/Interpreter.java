package lab.gil.interpreter;

import java.nio.file.Path;
import java.util.List;

/** A Python the server can run experiments with, and the environment variables it needs (e.g. PYTHON_GIL=1). */
public record Interpreter(String name, Path executable, List<String> environment) {

    public static Interpreter of(String name, Path executable) {
        return new Interpreter(name, executable, List.of());
    }
}
