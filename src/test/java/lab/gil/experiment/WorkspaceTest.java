package lab.gil.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceTest {
    @TempDir
    Path root;

    @Test
    void aTreeDeeperThanPathMaxIsDeletedWithoutAnException() throws Exception {
        Path work = Files.createDirectory(root.resolve("work"));
        // Java's own file API cannot even make such a tree: a run's Python can, relative to each new folder.
        Process python = new ProcessBuilder("python3", "-c", """
                import os, sys
                os.chdir(sys.argv[1])
                for _ in range(120):
                    os.mkdir("d" * 60)
                    os.chdir("d" * 60)
                open("leaf", "w").write("x")
                print(len(os.getcwd()))
                """, work.toString()).redirectErrorStream(true).start();
        String made = new String(python.getInputStream().readAllBytes()).strip();
        assertThat(python.waitFor()).as(made).isZero();
        assertThat(Integer.parseInt(made)).isGreaterThan(4096);

        Workspace.delete(work);

        assertThat(work).doesNotExist();
    }

    @Test
    void aFolderClosedToEveryoneIsDeletedWithoutAnException() throws IOException {
        Path work = Files.createDirectory(root.resolve("work"));
        Path closed = Files.createDirectories(work.resolve("a/closed"));
        Files.writeString(closed.resolve("inside"), "x");
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(work.resolve("a"), PosixFilePermissions.fromString("---------"));

        Workspace.delete(work);

        assertThat(work).doesNotExist();
    }

    @Test
    void aMissingFolderIsNotAnError() {
        Workspace.delete(root.resolve("never-made"));
        assertThat(root.resolve("never-made")).doesNotExist();
    }
}
