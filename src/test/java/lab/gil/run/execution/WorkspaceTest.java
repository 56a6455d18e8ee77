package lab.gil.run.execution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

/** Removing a work folder never throws; what cannot go at once goes later. */
class WorkspaceTest {
    @TempDir
    Path temp;

    @Test
    void aTreeDeeperThanThePathLimitDoesNotThrowAndIsRemovedLater() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("deep"));
        // 300 levels of 50 characters: about 15,000 characters, past PATH_MAX (4,096); made relative to each level.
        String name = "d".repeat(50);
        Process mkdir = new ProcessBuilder("bash", "-c", "cd \"$0\" && for i in $(seq 300); do mkdir " + name + " && cd " + name
                + " || exit 1; done && echo x > f", dir.toString()).inheritIO().start();
        assertThat(mkdir.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(mkdir.exitValue()).isZero();

        assertThatCode(() -> Workspace.delete(dir)).doesNotThrowAnyException();
        await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(dir));
    }

    @Test
    void anUnreadableFolderDoesNotThrowAndIsRemovedLater() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("locked-run"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.writeString(locked.resolve("secret"), "x");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));

        assertThatCode(() -> Workspace.delete(dir)).doesNotThrowAnyException();
        await().atMost(Duration.ofSeconds(60)).until(() -> !Files.exists(dir));
    }
}
