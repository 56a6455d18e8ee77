package lab.gil.lesson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lesson pages as rendered, so a reload costs a lookup instead of a template pass. An entry is keyed by
 * everything the page shows: the lesson and its neighbours (by identity: an edited file is a new object),
 * the visitor, their CSRF token and the state of their runs. Least recently used entries go first.
 */
final class RenderedPages {
    private final int capacity;
    private final Map<Key, String> pages;

    /** What a rendered page depends on. Lessons compare by identity, which is what changes when a file does. */
    record Key(Lesson lesson, Lesson previous, Lesson next, String student, String csrf, String runs) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && lesson == k.lesson && previous == k.previous && next == k.next
                    && student.equals(k.student) && String.valueOf(csrf).equals(String.valueOf(k.csrf)) && runs.equals(k.runs);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * System.identityHashCode(lesson) + student.hashCode()) + runs.hashCode();
        }
    }

    RenderedPages(int capacity) {
        this.capacity = capacity;
        this.pages = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
                return size() > RenderedPages.this.capacity;
            }
        };
    }

    String get(Key key, Supplier<String> render) {
        synchronized (pages) {
            String page = pages.get(key);
            if (page != null) {
                return page;
            }
        }
        String page = render.get();
        synchronized (pages) {
            pages.put(key, page);
        }
        return page;
    }
}
