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
    void thePagesStayWithinTheirByteBudgetAndAnEvictedPageIsRenderedAgain() {
        HtmlPage one = HtmlPage.of(page("ada"));
        long size = one.utf8().length + one.gzip().length;
        long budget = 3 * size + size / 2;  // three pages fit, whatever gzip makes of each name
        RenderedPages pages = new RenderedPages(budget);
        List<String> students = List.of("ada", "bob", "cyd", "dan", "eve");
        students.forEach(student -> get(pages, student));

        assertThat(pages.bytes()).isPositive().isLessThanOrEqualTo(budget);
        rendered.clear();
        students.forEach(student -> get(pages, student));
        assertThat(rendered).as("pages that no longer fitted are rendered again; the others are not")
                .hasSizeBetween(2, 5);
        assertThat(pages.bytes()).isLessThanOrEqualTo(budget);
    }

    @Test
    void theBudgetIsAnEighthOfTheHeapAndAtMost256Megabytes() {
        assertThat(RenderedPages.forHeap(512L << 20).budgetBytes()).isEqualTo(64L << 20);
        assertThat(RenderedPages.forHeap(8L << 30).budgetBytes()).isEqualTo(256L << 20);
    }
}
