package lab.gil.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds processes carrying a run's marker in their command line or environment, wherever they ended up. */
final class Survivors {
    private Survivors() {
    }

    static List<String> carrying(String marker) throws IOException {
        List<String> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                if (Long.parseLong(proc.getFileName().toString()) == self) {
                    continue;
                }
                String cmdline = read(proc.resolve("cmdline"));
                if (cmdline.contains(marker) || read(proc.resolve("environ")).contains(marker)) {
                    found.add(proc.getFileName() + ": " + cmdline.replace('\0', ' '));
                }
            }
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // Gone, a zombie, or another user's process: none of them is one of ours still running.
            return "";
        }
    }
}
