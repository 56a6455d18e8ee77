package lab.gil.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/** The uid and gid a run gets from a root server, and the files handed to it. */
record RunUser(int runUid, int runGid) {
    /** Gives the run's uid the work folder and everything in it, without following links the folder may hold. */
    void handOver(Path workDir) throws IOException {
        Files.walkFileTree(workDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                chown(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                chown(file);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void chown(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", runUid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", runGid, LinkOption.NOFOLLOW_LINKS);
    }

    /** Without bubblewrap the run's uid reaches paths through the host's folders, which must let it pass. */
    void requireReachable(Path path) {
        for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
            try {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalArgumentException("uid " + runUid + " cannot reach " + path + ": " + dir
                            + " is not searchable by others (chmod o+x)");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot check " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
