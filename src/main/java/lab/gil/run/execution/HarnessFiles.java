package lab.gil.run.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Python harness ({@code gillab} and {@code gillab_boot.py}), copied out of the jar into a folder of its
 * own that every run can read, whichever user the sandbox runs it as.
 */
public record HarnessFiles(Path dir) {

    public Path bootScript() {
        return dir.resolve("gillab_boot.py");
    }

    public static HarnessFiles extract() {
        try {
            Path target = Files.createTempDirectory("gillab-harness-");
            URL boot = HarnessFiles.class.getResource("/python/gillab_boot.py");
            if (boot == null) {
                throw new IllegalStateException("the Python harness is missing from the build (python/gillab_boot.py)");
            }
            URI uri = boot.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyTree(jar.getPath("/python"), target);
                }
            } else {
                copyTree(Path.of(uri).getParent(), target);
            }
            makeReadable(target);
            return new HarnessFiles(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the Python harness", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = source.relativize(file).toString();
                if (relative.contains("__pycache__") || relative.endsWith(".pyc")) {
                    continue;
                }
                Path destination = target.resolve(relative);
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination);
                }
            }
        }
    }

    private static void makeReadable(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(Files.isDirectory(file) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
