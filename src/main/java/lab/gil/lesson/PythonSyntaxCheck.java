package lab.gil.lesson;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles the code of every experiment block with the interpreter that will run it, in one process: the
 * blocks go in as JSON on stdin, each SyntaxError comes back with its line, which is mapped to the lesson file.
 * Nothing is executed: {@code compile()} only parses.
 */
final class PythonSyntaxCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;
    private static final Pattern ON_LINE = Pattern.compile("on line (\\d+)");
    private static final String SCRIPT = """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            found = []
            for index, code in enumerate(json.load(sys.stdin)):
                try:
                    compile(code, "<experiment>", "exec", dont_inherit=True)
                except SyntaxError as e:
                    found.append({"block": index, "line": e.lineno or 1, "message": e.msg})
                except ValueError as e:
                    found.append({"block": index, "line": 1, "message": str(e)})
            json.dump(found, sys.stdout)
            """;

    private final Path python;

    PythonSyntaxCheck(Path python) {
        this.python = python;
    }

    record Found(int block, int line, String message) {
    }

    /** @throws IOException when the interpreter cannot be started or does not answer as expected */
    List<LessonProblem> check(List<LessonSource.CodeBlock> blocks) throws IOException {
        if (blocks.isEmpty()) {
            return List.of();
        }
        List<Found> found = compile(blocks.stream().map(LessonSource.CodeBlock::code).toList());
        List<LessonProblem> problems = new ArrayList<>();
        for (Found f : found) {
            LessonSource.CodeBlock block = blocks.get(f.block());
            int offset = block.firstLine() - 1;
            // A message such as "expected an indented block after 'if' statement on line 3" counts from the block too.
            Matcher lines = ON_LINE.matcher(f.message());
            String message = lines.replaceAll(m -> "on line " + (Integer.parseInt(m.group(1)) + offset));
            problems.add(new LessonProblem(block.file(), offset + f.line(), "Python syntax error: " + message));
        }
        return problems;
    }

    private List<Found> compile(List<String> codes) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(python.toString(), "-I", "-c", SCRIPT).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + python + " (set GILLAB_PYTHON to a Python 3 interpreter): " + e.getMessage(), e);
        }
        try {
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(codes));
            } catch (IOException brokenPipe) {
                // The interpreter stopped before reading everything; its exit status and stderr say why.
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(python + " did not finish checking the code within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(python + " could not check the code: " + new String(errors.join(), StandardCharsets.UTF_8).strip());
            }
            return JSON.readValue(output.join(), new TypeReference<>() {
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking Python syntax", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
