package lab.gil.web.lessons;

import lab.gil.lesson.Lesson;

import lab.gil.web.HtmlPage;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;

/**
 * Pages as rendered, so a reload costs a lookup instead of a template pass, and sending one costs no encoding
 * or compression. An entry is keyed by everything the page shows: the template, the lessons it draws on (by
 * identity: an edited file is a new object), the visitor, their CSRF token and the state of their runs.
 * The pages together stay within a byte budget; least recently used ones go first.
 */
final class RenderedPages {
    private final long budgetBytes;
    private final LinkedHashMap<Key, HtmlPage> pages = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

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
    }

    /** A budget for a server: an eighth of the heap, at most 256 MB. */
    static RenderedPages forHeap(long maxHeapBytes) {
        return new RenderedPages(Math.min(maxHeapBytes / 8, 256L << 20));
    }

    HtmlPage get(Key key, Supplier<String> render) {
        synchronized (pages) {
            HtmlPage page = pages.get(key);
            if (page != null) {
                return page;
            }
        }
        HtmlPage page = HtmlPage.of(render.get());
        synchronized (pages) {
            HtmlPage replaced = pages.put(key, page);
            bytes += size(page) - (replaced == null ? 0 : size(replaced));
            Iterator<HtmlPage> eldest = pages.values().iterator();
            while (bytes > budgetBytes && eldest.hasNext()) {
                bytes -= size(eldest.next());
                eldest.remove();
            }
        }
        return page;
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /** The bytes the held pages take. */
    long bytes() {
        synchronized (pages) {
            return bytes;
        }
    }

    private static long size(HtmlPage page) {
        return page.utf8().length + page.gzip().length;
    }
}
