package lab.gil.web;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlPageTest {
    private final HtmlPage page = HtmlPage.of("<p>Threads take turns — ⏱</p>");

    @Test
    void keepsTheUtf8BytesAndTheSameGzipped() throws IOException {
        assertThat(new String(page.utf8(), StandardCharsets.UTF_8)).isEqualTo("<p>Threads take turns — ⏱</p>");
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(page.gzip()))) {
            assertThat(unzipped.readAllBytes()).isEqualTo(page.utf8());
        }
    }

    @Test
    void theEntityTagFollowsTheContent() {
        assertThat(page.etag()).matches("\"[0-9a-f]{32}\"");
        assertThat(HtmlPage.of("<p>Threads take turns — ⏱</p>").etag()).isEqualTo(page.etag());
        assertThat(HtmlPage.of("<p>Processes overlap</p>").etag()).isNotEqualTo(page.etag());
    }

    @Test
    void ifNoneMatchNamesThePageExactlyWeaklyOrInAList() {
        assertThat(page.matches(page.etag())).isTrue();
        assertThat(page.matches("W/" + page.etag())).isTrue();
        assertThat(page.matches("\"other\", " + page.etag())).isTrue();
        assertThat(page.matches("*")).isTrue();
        assertThat(page.matches("\"other\"")).isFalse();
        assertThat(page.matches(null)).isFalse();
    }

    @Test
    void gzipIsAcceptedUnlessItsQualityIsZero() {
        assertThat(HtmlPage.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(HtmlPage.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(HtmlPage.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(HtmlPage.acceptsGzip("gzip; q=0.000, deflate")).isFalse();
        assertThat(HtmlPage.acceptsGzip("deflate, x-gzip2")).isFalse();
        assertThat(HtmlPage.acceptsGzip(null)).isFalse();
    }
}
