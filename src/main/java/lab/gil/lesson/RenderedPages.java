package lab.gil.lesson;

import lab.gil.web.HtmlPage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Pages as rendered, so a reload costs a lookup instead of a template pass, and sending one costs no encoding
 * or compression. An entry is keyed by everything the page shows: the template, the lessons it draws on (by
 * identity: an edited file is a new object), the visitor, their CSRF token and the state of their runs.
 * Least recently used entries go first.
 */
final class RenderedPages {
    private final int capacity;
    private final Map<Key, HtmlPage> pages;

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

    RenderedPages(int capacity) {
        this.capacity = capacity;
        this.pages = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, HtmlPage> eldest) {
                return size() > RenderedPages.this.capacity;
            }
        };
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
            pages.put(key, page);
        }
        return page;
    }
}
