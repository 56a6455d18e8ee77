package lab.gil.lesson;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static lab.gil.support.TestApp.lesson;
import static org.assertj.core.api.Assertions.assertThat;

class LessonCatalogTest {
    @TempDir
    Path dir;

    private LessonCatalog catalog() {
        return new LessonCatalog(dir, Duration.ZERO, Clock.systemUTC());
    }

    @Test
    void listsLessonsByTheirOrderNotTheirFileName() throws IOException {
        Files.writeString(dir.resolve("a-second.md"), lesson("Second", 2, "text"));
        Files.writeString(dir.resolve("b-first.md"), lesson("First", 1, "text"));
        Files.writeString(dir.resolve("notes.txt"), "not a lesson");

        assertThat(catalog().lessons()).extracting(Lesson::title).containsExactly("First", "Second");
    }

    @Test
    void aBrokenFileDoesNotHideTheOthers() throws IOException {
        Files.writeString(dir.resolve("good.md"), lesson("Good", 1, "text"));
        Files.writeString(dir.resolve("bad.md"), "no front matter");

        LessonCatalog catalog = catalog();
        assertThat(catalog.find("good")).get().extracting(Lesson::broken).isEqualTo(false);
        assertThat(catalog.find("bad")).get().extracting(Lesson::broken).isEqualTo(true);
    }

    @Test
    void picksUpAddedChangedAndDeletedFiles() throws IOException {
        LessonCatalog catalog = catalog();
        assertThat(catalog.lessons()).isEmpty();

        Path file = dir.resolve("new.md");
        Files.writeString(file, lesson("New", 1, "text"));
        assertThat(catalog.lessons()).extracting(Lesson::title).containsExactly("New");

        Files.writeString(file, lesson("Renamed title", 1, "more text"));
        assertThat(catalog.lessons()).extracting(Lesson::title).containsExactly("Renamed title");

        Files.delete(file);
        assertThat(catalog.lessons()).isEmpty();
    }

    @Test
    void theShippedLessonsHaveNoProblems() {
        LessonCatalog shipped = LessonCatalog.of(Path.of("lessons"));
        assertThat(shipped.lessons()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(shipped.lessons()).flatExtracting(Lesson::problems).isEmpty();
    }
}
