package lab.gil.web.lessons;

import lab.gil.web.HtmlPage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedPagesTest {
    private final List<String> rendered = new ArrayList<>();

    private static RenderedPages.Key key(String student) {
        return new RenderedPages.Key("lessons/lesson", List.of(), student, "csrf", "0");
    }

    private static String page(String student) {
        return ("<p>" + student + "</p>").repeat(100);
    }

    private HtmlPage get(RenderedPages pages, String student) {
        return pages.get(key(student), () -> {
            rendered.add(student);
            return page(student);
        });
    }

    @Test
    void aPageIsRenderedOnceThenServedFromMemory() {
        RenderedPages pages = new RenderedPages(1 << 20);
        HtmlPage first = get(pages, "ada");
        assertThat(get(pages, "ada")).isSameAs(first);
        assertThat(rendered).containsExactly("ada");
    }

    @Test
    void thePagesStayWithinTheirByteBudgetDroppingTheLeastRecentlyUsed() {
        HtmlPage one = HtmlPage.of(page("ada"));
        long size = one.utf8().length + one.gzip().length;
        RenderedPages pages = new RenderedPages(3 * size + size / 2);  // three pages fit, whatever gzip makes of each name
        get(pages, "ada");
        get(pages, "bob");
        get(pages, "cyd");
        get(pages, "ada");  // now the most recently used
        get(pages, "dan");  // over budget: bob, the least recently used, goes

        assertThat(pages.bytes()).isLessThanOrEqualTo(3 * size + size / 2);
        rendered.clear();
        get(pages, "ada");
        get(pages, "cyd");
        get(pages, "dan");
        assertThat(rendered).isEmpty();
        get(pages, "bob");
        assertThat(rendered).containsExactly("bob");
    }

    @Test
    void theBudgetIsAnEighthOfTheHeapAndAtMost256Megabytes() {
        assertThat(RenderedPages.forHeap(512L << 20).budgetBytes()).isEqualTo(64L << 20);
        assertThat(RenderedPages.forHeap(8L << 30).budgetBytes()).isEqualTo(256L << 20);
    }
}
