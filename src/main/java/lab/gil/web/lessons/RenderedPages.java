package lab.gil.web.lessons;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import lab.gil.lesson.Lesson;
import lab.gil.web.HtmlPage;

import java.util.List;
import java.util.function.Supplier;

/**
 * Pages as rendered, so a reload costs a lookup instead of a template pass, and sending one costs no encoding
 * or compression. An entry is keyed by everything the page shows: the template, the lessons it draws on (by
 * identity: an edited file is a new object), the visitor, their CSRF token and the state of their runs.
 * The pages together stay within a byte budget (Caffeine weighs each by its bytes and evicts the least useful).
 */
final class RenderedPages {
    private final long budgetBytes;
    private final Cache<Key, HtmlPage> pages;

    /** What a rendered page depends on. Lessons compare by identity, which is what changes when a file does. */
    record Key(String template, List<Lesson> lessons, String student, String csrf, String runs) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && template.equals(k.template) && sameLessons(lessons, k.lessons)
                    && student.equals(k.student) && String.valueOf(csrf).equals(String.valueOf(k.csrf)) && runs.equals(k.runs);
        }

        @Override
        public int hashCode() {
            int hash = template.hashCode();
            for (Lesson lesson : lessons) {
                hash = 31 * hash + System.identityHashCode(lesson);
            }
            return 31 * (31 * hash + student.hashCode()) + runs.hashCode();
        }

        private static boolean sameLessons(List<Lesson> a, List<Lesson> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    RenderedPages(long budgetBytes) {
        this.budgetBytes = budgetBytes;
        // Maintenance on the caller's thread: the budget holds as soon as a page is added, with no pool to start.
        this.pages = Caffeine.newBuilder()
                .maximumWeight(budgetBytes)
                .weigher((Key key, HtmlPage page) -> size(page))
                .executor(Runnable::run)
                .build();
    }

    /** A budget for a server: an eighth of the heap, at most 256 MB. */
    static RenderedPages forHeap(long maxHeapBytes) {
        return new RenderedPages(Math.min(maxHeapBytes / 8, 256L << 20));
    }

    HtmlPage get(Key key, Supplier<String> render) {
        return pages.get(key, k -> HtmlPage.of(render.get()));
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /** The bytes the held pages take. */
    long bytes() {
        pages.cleanUp();
        return pages.policy().eviction().flatMap(e -> e.weightedSize().stream().boxed().findFirst()).orElse(0L);
    }

    private static int size(HtmlPage page) {
        return page.utf8().length + page.gzip().length;
    }
}
