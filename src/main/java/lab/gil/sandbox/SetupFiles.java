package lab.gil.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What bubblewrap needs from the host besides the command: the set-up script that makes the run's writable places,
 * and the seccomp filter, written once into a folder every run's uid can read.
 */
record SetupFiles(Path dir, Path setupScript, Optional<Path> seccomp) {

    static SetupFiles write() {
        try {
            Path dir = Files.createTempDirectory("gillab-sandbox-");
            // Deleted at exit in the reverse order of these calls: the files first, then the folder.
            dir.toFile().deleteOnExit();
            Path script = dir.resolve("sandbox_setup.py");
            try (InputStream in = SetupFiles.class.getResourceAsStream("sandbox_setup.py")) {
                if (in == null) {
                    throw new IllegalStateException("sandbox_setup.py is missing from the build");
                }
                Files.copy(in, script);
            }
            Optional<Path> seccomp = Seccomp.program().map(program -> {
                try {
                    return Files.write(dir.resolve("seccomp.bpf"), program);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            for (Path file : seccomp.isPresent() ? new Path[]{script, seccomp.get()} : new Path[]{script}) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                file.toFile().deleteOnExit();
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new SetupFiles(dir, script, seccomp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox's set-up files", e);
        }
    }
}
