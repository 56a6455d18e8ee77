package lab.gil.interpreter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the interpreters experiments can run on, once at start-up. An operator's explicit list
 * ({@code GILLAB_INTERPRETERS=name=path,...}) is used as given; otherwise the server takes python3
 * ({@code GILLAB_PYTHON}), pypy3 and every free-threaded CPython (python3.13t, python3.14t, …) it finds on PATH,
 * /usr/bin or /usr/local/bin, with the default build of the same version beside it (python3.13) when there is one. Each is asked what it is; one that does not answer is kept aside with the reason.
 * A free-threaded build also gets a variant that runs with {@code -X gil=1}, so a student can compare the
 * same build with and without the GIL.
 */
public final class InterpreterDiscovery {
    private static final Logger log = LoggerFactory.getLogger(InterpreterDiscovery.class);
    /** Appended to a free-threaded build's name for its variant that runs with the GIL. */
    private static final String WITH_GIL = "+gil";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,39}");
    private static final Pattern FREE_THREADED = Pattern.compile("python3\\.(\\d+)t");

    private final InterpreterProbe probe;
    private final List<Path> searchPath;

    /** @param searchPath the folders to look for pypy3 and free-threaded builds in, in order */
    public InterpreterDiscovery(InterpreterProbe probe, List<Path> searchPath) {
        this.probe = probe;
        this.searchPath = List.copyOf(searchPath);
    }

    /** The folders of a PATH value, then /usr/bin and /usr/local/bin, each once. */
    public static List<Path> searchPath(String pathVariable) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (pathVariable != null) {
            Stream.of(pathVariable.split(":")).filter(d -> d.startsWith("/")).map(Path::of).forEach(dirs::add);
        }
        dirs.add(Path.of("/usr/bin"));
        dirs.add(Path.of("/usr/local/bin"));
        return List.copyOf(dirs);
    }

    /** The operator's list if given, else what this machine has; each asked what it is. */
    public Interpreters discover(Path python, Optional<String> explicit) {
        List<Interpreter> candidates = explicit.isPresent() ? parse(explicit.get()) : candidates(python);
        return probeAll(candidates);
    }

    /** python3, then pypy3 and free-threaded builds (each after its default twin) where this machine has them. */
    List<Interpreter> candidates(Path python) {
        List<Interpreter> found = new ArrayList<>();
        found.add(Interpreter.of("python3", python));
        find("pypy3").ifPresent(path -> found.add(Interpreter.of("pypy3", path)));
        for (Interpreter build : freeThreadedBuilds()) {
            defaultTwin(build).ifPresent(found::add);
            found.add(build);
        }
        return withoutDuplicates(found);
    }

    /** {@code name=path,name=path}: names are letters, digits and {@code . _ + -}; the first is the default. */
    public static List<Interpreter> parse(String list) {
        List<Interpreter> parsed = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String entry : list.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).strip();
            String path = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (!NAME.matcher(name).matches() || path.isEmpty()) {
                throw new IllegalArgumentException("GILLAB_INTERPRETERS: '" + entry.strip()
                        + "' is not name=path (a name is letters, digits and . _ + -, such as pypy3=/usr/bin/pypy3)");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("GILLAB_INTERPRETERS: the name '" + name + "' is given twice");
            }
            parsed.add(Interpreter.of(name, Path.of(path).toAbsolutePath()));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("GILLAB_INTERPRETERS is set but names no interpreter");
        }
        return parsed;
    }

    private Optional<Path> find(String command) {
        return searchPath.stream().map(dir -> dir.resolve(command)).filter(Files::isExecutable).findFirst();
    }

    /** python3.13t, python3.14t, … in version order; a name found in several folders counts once. */
    private List<Interpreter> freeThreadedBuilds() {
        Set<String> seen = new HashSet<>();
        List<Interpreter> builds = new ArrayList<>();
        for (Path dir : searchPath) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> FREE_THREADED.matcher(f.getFileName().toString()).matches() && Files.isExecutable(f))
                        .sorted()
                        .forEach(f -> {
                            if (seen.add(f.getFileName().toString())) {
                                builds.add(Interpreter.of(f.getFileName().toString(), f));
                            }
                        });
            } catch (IOException e) {
                log.debug("cannot list {}: {}", dir, e.getMessage());
            }
        }
        builds.sort(Comparator.comparingInt(InterpreterDiscovery::minorVersion));
        return builds;
    }

    /**
     * python3.13 in the folder of python3.13t: installed side by side (as bin/install-free-threaded does), the two
     * are the same source built the same way but for the GIL, so one thread on each shows what removing it costs.
     * Debian's python3 is no fair match: it is built with profile-guided optimisation.
     */
    private static Optional<Interpreter> defaultTwin(Interpreter build) {
        String name = build.name().substring(0, build.name().length() - 1);
        Path twin = build.executable().resolveSibling(name);
        return Files.isExecutable(twin) ? Optional.of(Interpreter.of(name, twin)) : Optional.empty();
    }

    private static int minorVersion(Interpreter interpreter) {
        Matcher m = FREE_THREADED.matcher(interpreter.name());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Two names for one executable (python3 and a python3.13t that is the same file) would run the same thing. */
    private static List<Interpreter> withoutDuplicates(List<Interpreter> interpreters) {
        Set<Path> seen = new HashSet<>();
        List<Interpreter> unique = new ArrayList<>();
        for (Interpreter interpreter : interpreters) {
            Path real;
            try {
                real = interpreter.executable().toRealPath();
            } catch (IOException e) {
                real = interpreter.executable();
            }
            if (seen.add(real)) {
                unique.add(interpreter);
            }
        }
        return unique;
    }

    /** Asks every candidate at once (PyPy takes a good part of a second to start), then the GIL variants. */
    private Interpreters probeAll(List<Interpreter> candidates) {
        List<Probed> builds = probeEach(candidates);
        List<Interpreter> variants = builds.stream()
                .filter(b -> b.facts() != null && b.facts().freeThreaded())
                .map(b -> b.interpreter().variant(b.interpreter().name() + WITH_GIL, "-X", "gil=1"))
                .toList();
        Map<String, Probed> variantByBuild = new HashMap<>();
        for (Probed variant : probeEach(variants)) {
            String name = variant.interpreter().name();
            variantByBuild.put(name.substring(0, name.length() - WITH_GIL.length()), variant);
        }
        List<Interpreters.Available> available = new ArrayList<>();
        List<Interpreters.Unavailable> unavailable = new ArrayList<>();
        for (Probed build : builds) {
            build.record(available, unavailable);
            // A variant goes right after its build, so the picker lists them together.
            Optional.ofNullable(variantByBuild.get(build.interpreter().name())).ifPresent(v -> v.record(available, unavailable));
        }
        if (available.isEmpty()) {
            log.error("no working Python interpreter: experiments cannot run until one is installed (see /health)");
        }
        return new Interpreters(available, unavailable);
    }

    private List<Probed> probeEach(List<Interpreter> interpreters) {
        if (interpreters.isEmpty()) {
            return List.of();
        }
        ExecutorService threads = Executors.newFixedThreadPool(interpreters.size(), r -> {
            Thread thread = new Thread(r, "interpreter-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Probed>> futures = interpreters.stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> probe(i), threads)).toList();
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }

    private Probed probe(Interpreter interpreter) {
        try {
            InterpreterFacts facts = probe.probe(interpreter);
            log.info("interpreter {} ({}): {}", interpreter.name(), interpreter.executable(), facts.describe());
            return new Probed(interpreter, facts, null);
        } catch (InterpreterProbe.Failed e) {
            log.warn("interpreter {} ({}) cannot be used: {}", interpreter.name(), interpreter.executable(), e.getMessage());
            return new Probed(interpreter, null, e.getMessage());
        }
    }

    private record Probed(Interpreter interpreter, InterpreterFacts facts, String problem) {
        void record(List<Interpreters.Available> available, List<Interpreters.Unavailable> unavailable) {
            if (facts != null) {
                available.add(new Interpreters.Available(interpreter, facts));
            } else {
                unavailable.add(new Interpreters.Unavailable(interpreter.name(), interpreter.executable(), problem));
            }
        }
    }
}
