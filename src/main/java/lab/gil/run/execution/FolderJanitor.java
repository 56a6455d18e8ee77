package lab.gil.run.execution;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Removes, on its own thread and again a minute later as long as needed, work folders a plain delete could not:
 * {@code chmod -R u+rwx} then {@code rm -rf}, which walk trees of any depth relative to each folder. A folder it
 * still cannot remove after an hour of tries is logged and left to the operating system's temp cleaner.
 */
final class FolderJanitor {
    private static final Logger log = LoggerFactory.getLogger(FolderJanitor.class);
    private static final int MAX_FOLDERS = 10_000;
    private static final int MAX_TRIES = 60;
    private static final long RETRY_SECONDS = 60;

    private final Map<Path, Integer> tries = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "folder-janitor");
        t.setDaemon(true);
        return t;
    });

    void later(Path dir) {
        if (tries.size() >= MAX_FOLDERS) {
            log.warn("too many work folders wait for removal; {} is left to the temp cleaner", dir);
            return;
        }
        if (tries.putIfAbsent(dir, 0) == null) {
            thread.execute(() -> attempt(dir));
        }
    }

    int waiting() {
        return tries.size();
    }

    private void attempt(Path dir) {
        try {
            run("chmod", "-R", "u+rwx", dir.toString());
            run("rm", "-rf", "--", dir.toString());
        } catch (Exception e) {
            log.debug("removing {} failed: {}", dir, e.toString());
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            tries.remove(dir);
            return;
        }
        int count = tries.merge(dir, 1, Integer::sum);
        if (count == 1) {
            log.warn("could not remove the work folder {}; trying again every minute", dir);
        }
        if (count >= MAX_TRIES) {
            log.error("gave up removing the work folder {} after {} tries", dir, count);
            tries.remove(dir);
            return;
        }
        thread.schedule(() -> attempt(dir), RETRY_SECONDS, TimeUnit.SECONDS);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
