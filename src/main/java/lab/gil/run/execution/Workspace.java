package lab.gil.run.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removing a run's work folder when it is done. It never throws: a folder it cannot remove at once (a tree deeper
 * than the path limit, a folder the run made unreadable) goes to the {@link FolderJanitor}, which keeps trying.
 */
public final class Workspace {
    private static final Logger log = LoggerFactory.getLogger(Workspace.class);
    private static final FolderJanitor JANITOR = new FolderJanitor();

    private Workspace() {
    }

    public static void delete(Path dir) {
        try {
            if (!deleteNow(dir)) {
                JANITOR.later(dir);
            }
        } catch (RuntimeException e) {
            log.warn("could not hand {} to the janitor: {}", dir, e.toString());
        }
    }

    /** Folders waiting for the janitor. */
    public static int waitingForJanitor() {
        return JANITOR.waiting();
    }

    /** Deletes what Java can reach; true when the folder is gone. */
    static boolean deleteNow(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.debug("{} is not gone yet: {}", dir, e.toString());
        }
        return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    }
}
