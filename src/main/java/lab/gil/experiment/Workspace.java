package lab.gil.experiment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removing a run's work folder when it is done. With bubblewrap the run's own files were on a tmpfs that vanished
 * with it, so only the server's files are here; without, the run may have left anything: a tree deeper than
 * PATH_MAX, folders it made unreadable. Deleting never throws: what cannot be deleted is logged and left for the
 * operator's temp cleaner.
 */
final class Workspace {
    private static final Logger log = LoggerFactory.getLogger(Workspace.class);
    private static final long TOOL_SECONDS = 60;

    private Workspace() {
    }

    static void delete(Path dir) {
        try {
            walkAndDelete(dir);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            // GNU chmod and rm walk with openat, so neither depth nor a folder closed to its owner stops them;
            // neither follows the links the run may have left.
            run(List.of("/bin/chmod", "-R", "u+rwx", "--", dir.toString()));
            run(List.of("/bin/rm", "-rf", "--one-file-system", "--", dir.toString()));
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                log.warn("could not delete the work folder {}: left for the temp cleaner", dir);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete the work folder {} ({}): left for the temp cleaner", dir, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while deleting the work folder {}: left for the temp cleaner", dir);
        }
    }

    /** The usual case, in-process: every file and folder, never following a link, skipping what fails. */
    private static void walkAndDelete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                quietly(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException e) {
                quietly(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void quietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Tried again by the tools below.
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(TOOL_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
