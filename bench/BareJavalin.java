import io.javalin.Javalin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The floor of the stack, for bench/page-throughput: Javalin with its defaults (the version in GIL Lab's jar)
 * answering each path with bytes read once from a folder, nothing else. Run with the jar on the class path:
 * {@code java -cp gil-lab.jar bench/BareJavalin.java PORT ROOT}.
 */
public class BareJavalin {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path root = Path.of(args[1]);
        Map<String, byte[]> pages = new ConcurrentHashMap<>();
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String path = "/" + root.relativize(file).toString().replace('\\', '/');
                pages.put(path.equals("/index.html") ? "/" : path, Files.readAllBytes(file));
            }
        }
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/<path>", ctx -> {
                byte[] page = pages.get(ctx.path());
                if (page == null) {
                    ctx.status(404);
                    return;
                }
                ctx.contentType("text/html; charset=utf-8");
                ctx.result(page);
            });
            config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(pages.get("/")));
        }).start("127.0.0.1", port);
    }
}
