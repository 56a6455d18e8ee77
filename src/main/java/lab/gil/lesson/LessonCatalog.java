package lab.gil.lesson;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lessons of one folder, re-read when a file is added, changed or removed. The folder is looked at
 * no more than once per {@code recheck}, so serving a page costs no disk access in the common case; a
 * broken file only breaks its own page.
 */
public final class LessonCatalog {
    private static final Logger log = LoggerFactory.getLogger(LessonCatalog.class);

    private final Path dir;
    private final Duration recheck;
    private final Clock clock;
    private final LessonParser parser = new LessonParser();
    private Map<Path, Loaded> loaded = Map.of();
    private List<Lesson> ordered = List.of();
    private Instant checkedAt = Instant.MIN;

    private record Loaded(FileTime modified, long size, Lesson lesson) {
    }

    public LessonCatalog(Path dir, Duration recheck, Clock clock) {
        this.dir = dir;
        this.recheck = recheck;
        this.clock = clock;
    }

    public static LessonCatalog of(Path dir) {
        return new LessonCatalog(dir, Duration.ofSeconds(1), Clock.systemUTC());
    }

    public Path dir() {
        return dir;
    }

    /** Every lesson, broken ones included, in their declared order. */
    public synchronized List<Lesson> lessons() {
        refreshIfDue();
        return ordered;
    }

    public Optional<Lesson> find(String slug) {
        return lessons().stream().filter(lesson -> lesson.slug().equals(slug)).findFirst();
    }

    public Optional<ExperimentSpec> experiment(String lesson, String experiment) {
        return find(lesson).flatMap(l -> l.experiment(experiment));
    }

    /** Re-reads the folder now, whatever the time since the last look. */
    public synchronized void refresh() {
        Map<Path, Loaded> next = new HashMap<>();
        for (Path file : markdownFiles()) {
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                long size = Files.size(file);
                Loaded previous = loaded.get(file);
                if (previous != null && previous.modified().equals(modified) && previous.size() == size) {
                    next.put(file, previous);
                } else {
                    Lesson lesson = parser.parse(file, Files.readAllBytes(file));
                    lesson.problems().forEach(problem -> log.warn("lesson problem: {}", problem.format()));
                    next.put(file, new Loaded(modified, size, lesson));
                }
            } catch (IOException e) {
                log.warn("cannot read lesson {}: {}", file, e.getMessage());
            }
        }
        loaded = next;
        ordered = next.values().stream().map(Loaded::lesson)
                .sorted(Comparator.comparingInt(Lesson::order).thenComparing(Lesson::slug))
                .toList();
        checkedAt = clock.instant();
    }

    private void refreshIfDue() {
        if (!clock.instant().isBefore(checkedAt.plus(recheck))) {
            refresh();
        }
    }

    private List<Path> markdownFiles() {
        if (!Files.isDirectory(dir)) {
            log.warn("lessons folder {} does not exist", dir.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list lessons folder {}: {}", dir, e.getMessage());
            return List.of();
        }
    }
}
