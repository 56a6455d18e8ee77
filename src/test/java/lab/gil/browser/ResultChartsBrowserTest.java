package lab.gil.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.gil.support.ModulePage;
import lab.gil.web.Assets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result modules drawing the sample runs of src/test/resources/fixtures/results (each as GET /api/runs/{id}
 * sends it) in a real browser, on a page with the site's stylesheets, Chart.js and the site's script policy.
 */
class ResultChartsBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Result charts</title><link rel="icon" href="/static/img/favicon.svg">
            <link rel="stylesheet" href="/static/css/site.css"><link rel="stylesheet" href="/static/css/results.css">
            <script src="%s"></script></head><body><main id="results"></main></body></html>
            """.formatted(Assets.webjars().get("chartjs"));
    /** Draws the runs (JSON texts) into a new section and answers what a reader would find there. */
    private static final String DRAW = """
            const [texts, id, done] = arguments;
            import('/static/js/results/index.js').then((results) => {
              const runs = texts.map((text) => JSON.parse(text));
              const box = document.createElement('section');
              box.id = id;
              document.getElementById('results').append(box);
              if (runs.length === 1) results.render(box, runs[0]); else results.compare(box, runs);
              const canvas = box.querySelector('canvas');
              const chart = canvas && Chart.getChart(canvas);
              done({
                summary: box.querySelector('.gr-summary') ? box.querySelector('.gr-summary').textContent : null,
                points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.filter((p) => p != null).length, 0) : 0,
                labels: chart ? chart.data.datasets.map((d) => d.label) : [],
                ticks: chart && chart.scales.y ? chart.scales.y.ticks.map((t) => [].concat(t.label).join(' ')) : [],
                described: canvas ? canvas.getAttribute('aria-label') : null,
                notices: [...box.querySelectorAll('.gr-notice')].map((e) => e.textContent),
                rows: [...box.querySelectorAll('table tr')].map((tr) => [...tr.children].map((c) => c.textContent).join('|')),
                alerts: [...box.querySelectorAll('[role=alert]')].map((e) => e.textContent),
                images: box.querySelectorAll('img').length,
                text: box.textContent,
              });
            }).catch((error) => done({ error: String(error) }));
            """;

    private static ModulePage page;
    private static ChromeDriver browser;

    @BeforeAll
    static void serveThePageAndOpenABrowser() {
        page = ModulePage.open(PAGE);
        browser = page.browser();
    }

    @AfterAll
    static void closeEverything() {
        if (page != null) {
            page.close();
        }
    }

    @BeforeEach
    void openThePage() {
        page.reload();
    }

    private static String fixture(String name) {
        try (InputStream in = ResultChartsBrowserTest.class.getResourceAsStream("/fixtures/results/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> draw(String id, String... runs) {
        Map<String, Object> drawn = (Map<String, Object>) browser.executeAsyncScript(DRAW, Arrays.asList(runs), id);
        assertThat(drawn).doesNotContainKey("error");
        return drawn;
    }

    private static String summaryOf(String name) throws IOException {
        return JSON.readTree(fixture(name)).path("result").path("summary").asText();
    }

    @Test
    void everyChartKindDrawsItsSampleRunWithTheSummaryTheServerWrote() throws IOException {
        for (String name : List.of("bar.json", "strip.json", "line.json", "timeline.json")) {
            Map<String, Object> drawn = draw(name, fixture(name));
            assertThat(((Number) drawn.get("points")).intValue()).as(name + " draws points").isGreaterThan(1);
            assertThat(drawn.get("summary")).as(name).isEqualTo(summaryOf(name));
            assertThat((List<String>) drawn.get("rows")).as(name + " has a data table").hasSizeGreaterThan(2);
        }
        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    void theBarTableShowsTheMedianAndCoefficientOfVariationTheServerComputed() {
        Map<String, Object> drawn = draw("bar", fixture("bar.json"));
        assertThat((List<String>) drawn.get("rows")).contains("1 thread|0.162|0.159|0.1605|0.164|0.166|0.018|3|no");
    }

    @Test
    void statisticsMissingFromARunShowAsMissingInsteadOfBeingRecomputed() throws IOException {
        ObjectNode run = (ObjectNode) JSON.readTree(fixture("bar.json"));
        ObjectNode first = (ObjectNode) run.path("result").path("repetitions").get(0);
        first.remove("median");
        first.remove("cv");
        Map<String, Object> drawn = draw("stored-without-statistics", JSON.writeValueAsString(run));
        assertThat((List<String>) drawn.get("rows")).contains("1 thread|–|0.159|0.1605|0.164|0.166|–|3|no");
    }

    @Test
    void aTableRunShowsItsMetricsAsTheMainTableWithoutAChart() throws IOException {
        Map<String, Object> drawn = draw("table", fixture("table.json"));
        assertThat(drawn.get("points")).isEqualTo(0L);
        assertThat(drawn.get("summary")).isEqualTo(summaryOf("table.json"));
        assertThat((List<String>) drawn.get("rows")).contains("lost updates|257,690|");
    }

    @Test
    void aRunThatTimedOutSaysSoAndShowsItsMarkupAsText() {
        Map<String, Object> drawn = draw("failed", fixture("failed.json"));
        assertThat((List<String>) drawn.get("alerts")).singleElement().asString()
                .contains("This run ran out of time.").contains("The run took longer than its 10 s limit and was stopped.");
        assertThat(drawn.get("images")).isEqualTo(0L);
        assertThat((String) drawn.get("text")).contains("<img src=x onerror=alert(1)>");
    }

    @Test
    void comparedRunsShareOneChartNamedByWhatDiffersBetweenThem() {
        assertThat((List<String>) draw("bars", fixture("bar.json"), fixture("bar-threads-2.json")).get("labels"))
                .containsExactly("threads=4", "threads=2");
        assertThat((List<String>) draw("lines", fixture("line.json"), fixture("line-spawn.json")).get("labels"))
                .anySatisfy(label -> assertThat(label).startsWith("method=fork"))
                .anySatisfy(label -> assertThat(label).startsWith("method=spawn"));
        Map<String, Object> timelines = draw("timelines", fixture("timeline.json"), fixture("timeline-processes.json"));
        assertThat(((Number) timelines.get("points")).intValue()).isGreaterThan(300);
    }

    @Test
    void switchingToTheDarkThemeRedrawsTheChartInItsColours() {
        draw("themed", fixture("bar.json"));
        String light = (String) browser.executeScript("return Chart.getChart(document.querySelector('#themed canvas')).options.color");
        browser.executeScript("document.documentElement.dataset.theme = 'dark'");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !light.equals(
                browser.executeScript("return Chart.getChart(document.querySelector('#themed canvas')).options.color")));
        String dark = (String) browser.executeScript("return getComputedStyle(document.documentElement).getPropertyValue('--chart-text').trim()");
        assertThat(browser.executeScript("return Chart.getChart(document.querySelector('#themed canvas')).options.color")).isEqualTo(dark);
    }

    @Test
    void destroyingAResultFreesItsChart() {
        draw("freed", fixture("line.json"));
        Object left = browser.executeAsyncScript("""
                const done = arguments[0];
                import('/static/js/results/index.js').then((results) => {
                  const box = document.getElementById('freed');
                  const canvas = box.querySelector('canvas');
                  results.destroy(box);
                  done([Chart.getChart(canvas) === undefined, box.childElementCount]);
                });
                """);
        assertThat(left).isEqualTo(List.of(true, 0L));
    }

    @Test
    void measuredThreadLanesDrawOneRowPerThreadWithTheKernelStatesAndTheSpansAsBoxes() {
        Map<String, Object> drawn = draw("lanes", fixture("timeline-lanes.json"));
        assertThat((List<String>) drawn.get("labels")).containsExactly("running (or ready to run)",
                "waiting on a lock (the GIL, a Lock or a join)", "labelled span (lab.span)");
        assertThat((List<String>) drawn.get("ticks")).containsExactly("MainThread", "thread 1", "thread 2");
        assertThat((List<String>) drawn.get("rows"))
                .contains("Name|PID|TID|Start (s)|End (s)|State")
                .anySatisfy(row -> assertThat(row).startsWith("thread 1|2|3|").endsWith("|lock"))
                .anySatisfy(row -> assertThat(row).startsWith("thread 2|2|4|").endsWith("|running"))
                .anySatisfy(row -> assertThat(row).startsWith("thread 1|2|3|").endsWith("|span \"work\""))
                .noneSatisfy(row -> assertThat(row).contains("inferred"));
        assertThat((List<String>) drawn.get("notices")).isEmpty();
        assertThat((String) drawn.get("described")).endsWith("Measured thread lanes: MainThread, thread 1, thread 2 (3 threads in 1 process).");
        assertThat(severeConsoleEntries()).isEmpty();
    }

    @Test
    void theLegendNamesTheGilOnlyForThreadsSharingAProcessOnABuildWithAGil() throws IOException {
        ObjectNode alone = (ObjectNode) JSON.readTree(fixture("timeline-lanes.json"));
        ArrayNode lanes = (ArrayNode) alone.path("result").path("lanes");
        lanes.remove(2);
        lanes.remove(0);
        assertThat((List<String>) draw("one-lane", JSON.writeValueAsString(alone)).get("labels")).contains("waiting on a lock")
                .noneSatisfy(label -> assertThat(label).contains("GIL"));

        ObjectNode freeThreaded = (ObjectNode) JSON.readTree(fixture("timeline-lanes.json"));
        ((ObjectNode) freeThreaded.path("result").path("fingerprint")).put("gilEnabled", false);
        assertThat((List<String>) draw("gil-off", JSON.writeValueAsString(freeThreaded)).get("labels")).contains("waiting on a lock")
                .noneSatisfy(label -> assertThat(label).contains("GIL"));
    }

    @Test
    void processLanesAreDrawnInTheServersOrderWithTheirSystemCalls() {
        Map<String, Object> drawn = draw("process-lanes", fixture("timeline-lanes-processes.json"));
        assertThat((List<String>) drawn.get("ticks")).containsExactly("MainThread", "pid 3", "pid 4", "process 1", "↳ QueueFeederThread", "process 2", "↳ QueueFeederThread");
        assertThat((List<String>) drawn.get("labels")).contains("in a system call (sleep, I/O, waiting for a child)");
        assertThat((List<String>) drawn.get("rows")).anySatisfy(row -> assertThat(row).startsWith("MainThread|2|2|").endsWith("|syscall"));
    }

    @Test
    void aSpanLaneNoThreadIsNamedAfterGetsItsOwnRowMarkedInferred() throws IOException {
        ObjectNode run = (ObjectNode) JSON.readTree(fixture("timeline-lanes.json"));
        ((ObjectNode) run.path("result").path("spans").get(0)).put("lane", "MainThread: fetch");
        Map<String, Object> drawn = draw("inferred-row", JSON.writeValueAsString(run));
        assertThat((List<String>) drawn.get("ticks")).containsExactly("MainThread", "thread 1", "thread 2", "MainThread: fetch (inferred)");
        assertThat((List<String>) drawn.get("rows")).anySatisfy(row -> assertThat(row).startsWith("MainThread: fetch|–|–|").contains("(inferred)"));
        assertThat((String) drawn.get("text")).contains("Rows marked inferred are drawn from the spans the code recorded, not measured.");
    }

    @Test
    void withoutMeasuredLanesThePageSaysWhyAndDrawsTheSpansWithTheirWaitingMarkedInferred() throws IOException {
        ObjectNode run = (ObjectNode) JSON.readTree(fixture("timeline.json"));
        ((ObjectNode) run.path("result")).putArray("lanes");
        ((ObjectNode) run.path("result")).put("lanesUnavailable", "Thread lanes are turned off on this server (GILLAB_LANES_HZ=0).");
        Map<String, Object> drawn = draw("unavailable", JSON.writeValueAsString(run));
        assertThat((List<String>) drawn.get("notices")).containsExactly("Thread lanes are turned off on this server (GILLAB_LANES_HZ=0).");
        assertThat((List<String>) drawn.get("labels")).contains("running", "waiting (inferred)")
                .noneSatisfy(label -> assertThat(label).contains("GIL"));
        assertThat(((Number) drawn.get("points")).intValue()).isGreaterThan(100);
    }

    @Test
    void twelveThousandIntervalsAreThinnedForDrawingWhileTheTableKeepsEveryOne() throws IOException {
        ObjectNode run = (ObjectNode) JSON.readTree(fixture("timeline-lanes.json"));
        ((ObjectNode) run.path("result")).putArray("spans");
        for (JsonNode lane : run.path("result").path("lanes")) {
            ArrayNode intervals = ((ObjectNode) lane).putArray("intervals");
            for (int i = 0; i < 4000; i++) {
                intervals.addArray().add(i * 0.0001).add((i + 1) * 0.0001).add(i % 2 == 0 ? "running" : "lock");
            }
        }
        Map<String, Object> drawn = draw("thinned", JSON.writeValueAsString(run));
        assertThat(((Number) drawn.get("points")).intValue()).isBetween(3, 3000);
        assertThat(((List<String>) drawn.get("rows")).stream().filter(row -> row.endsWith("|running") || row.endsWith("|lock"))).hasSize(3 * 4000);
    }

    private static List<String> severeConsoleEntries() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }
}
