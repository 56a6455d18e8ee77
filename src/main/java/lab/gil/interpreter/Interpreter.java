package lab.gil.interpreter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A Python the server can run experiments with, and the command-line options it needs (e.g. {@code -X gil=1} for
 * the GIL-enabled variant of a free-threaded build). The name is what the API and the page call it.
 *
 * <p>Options, not environment variables: every run starts Python with {@code -I} (isolated mode), which ignores
 * all {@code PYTHON*} variables, so {@code PYTHON_GIL=1} would silently leave the GIL off. {@code -X} options
 * survive {@code -I}, and Python passes {@code -X gil} on to the child processes a run starts.
 */
public record Interpreter(String name, Path executable, List<String> options) {

    public Interpreter {
        options = List.copyOf(options);
    }

    public static Interpreter of(String name, Path executable) {
        return new Interpreter(name, executable, List.of());
    }

    /** The same executable under another name with more command-line options, such as {@code -X gil=1}. */
    public Interpreter variant(String variantName, String... moreOptions) {
        List<String> more = new ArrayList<>(options);
        more.addAll(List.of(moreOptions));
        return new Interpreter(variantName, executable, more);
    }

    /** The command line that starts this interpreter with its options, then {@code arguments}. */
    public List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(options);
        command.addAll(List.of(arguments));
        return command;
    }

    /** Whether the executable is still there: an operator may uninstall an interpreter while the server runs. */
    public boolean present() {
        return Files.isExecutable(executable);
    }

    /**
     * The folders a sandbox must show for this interpreter to start, besides /usr which sandboxes show anyway:
     * its installation prefix (the folder above {@code bin/}), and the folder of the link when the configured
     * path is a symbolic link. Never the root folder, which would show the whole host.
     */
    public Set<Path> sandboxPaths() {
        Path given = executable.toAbsolutePath();
        Path real;
        try {
            real = given.toRealPath();
        } catch (IOException e) {
            real = given;
        }
        Set<Path> paths = new LinkedHashSet<>();
        if (!real.startsWith("/usr")) {
            Path bin = real.getParent();
            paths.add(bin != null && bin.getParent() != null ? bin.getParent() : bin);
        }
        if (!given.equals(real) && !given.startsWith("/usr")) {
            paths.add(given.getParent());
        }
        paths.removeIf(path -> path == null || path.getNameCount() == 0);
        return paths;
    }
}
