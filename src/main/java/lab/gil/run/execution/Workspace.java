package lab.gil.run.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a run's work folder when it is done. */
public final class Workspace {
    private Workspace() {
    }

    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // Already gone, or a file the run made unreadable: the OS temp cleaner takes the rest.
        }
    }
}
