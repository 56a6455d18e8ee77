package lab.gil.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.gil.support.ModulePage;
import lab.gil.web.Assets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How far to trust a result, as the result modules draw it from stored runs: the verdict heads the result, the
 * conditions follow the chart as one badge. The runs are the bar sample of src/test/resources/fixtures/results with
 * a verdict and conditions set, so each case is exactly the one named.
 */
class ResultTrustBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Trust</title><link rel="icon" href="/static/img/favicon.svg">
            <link rel="stylesheet" href="/static/css/site.css"><link rel="stylesheet" href="/static/css/results.css">
            <script src="%s"></script></head><body><main id="results"></main></body></html>
            """.formatted(Assets.webjars().get("chartjs"));
    private static final String DRAW = """
            const [texts, id, done] = arguments;
            import('/static/js/results/index.js').then((results) => {
              const runs = texts.map((text) => JSON.parse(text));
              const box = document.createElement('section');
              box.id = id;
              document.getElementById('results').append(box);
              if (runs.length === 1) results.render(box, runs[0]); else results.compare(box, runs);
              const text = (sel) => [...box.querySelectorAll(sel)].map((e) => e.textContent);
              done({
                order: [...box.children].map((e) => e.className.split(' ')[0]),
                words: text('.gr-verdict-words'),
                ranges: text('.gr-verdict-range'),
                rerun: text('.gr-rerun'),
                badge: text('.gr-badge'),
                notes: text('.gr-conditions li'),
                problems: text('.gr-verdict .gr-error'),
                xticks: (() => { const c = box.querySelector('canvas'); const chart = c && Chart.getChart(c);
                  return chart && chart.scales.x ? chart.scales.x.ticks.map((t) => t.value) : []; })(),
                notices: text('.gr-notice'),
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

    /** The bar sample with this verdict ({@code words}, conclusive or not) and these conditions (state, kind=text…). */
    private static String run(String words, boolean conclusive, String problem, String state, String... items) throws IOException {
        ObjectNode run;
        try (InputStream in = ResultTrustBrowserTest.class.getResourceAsStream("/fixtures/results/bar.json")) {
            run = (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        ObjectNode result = (ObjectNode) run.path("result");
        ObjectNode verdict = JSON.createObjectNode().put("words", words).put("ratio", 0.97).put("low", 0.62).put("high", 1.4)
                .put("conclusive", conclusive).put("reference", "1 thread").put("compared", "4 threads").put("rounds", 3);
        verdict.put("problem", problem);
        result.set("verdict", verdict);
        result.set("verdicts", JSON.createArrayNode().add(verdict));
        ObjectNode conditions = result.putObject("conditions").put("state", state);
        var list = conditions.putArray("items");
        var warnings = result.putArray("warnings");
        for (String item : items) {
            String[] kindText = item.split("=", 2);
            list.addObject().put("kind", kindText[0]).put("text", kindText[1]);
            warnings.add(kindText[1]);
        }
        return JSON.writeValueAsString(run);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> draw(String id, String... runs) {
        Map<String, Object> drawn = (Map<String, Object>) browser.executeAsyncScript(DRAW, Arrays.asList(runs), id);
        assertThat(drawn).doesNotContainKey("error");
        return drawn;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aForcedNoisyStubReadsInconclusiveWithItsIntervalAndOffersARerun() throws IOException {
        Map<String, Object> drawn = draw("noisy", run("inconclusive: the machine was busy", false, null, "busy",
                "busy=The machine was busy when this run started (load 3.1 on 2 cores): timings are less reliable than usual."));
        assertThat((List<String>) drawn.get("words")).containsExactly("4 threads: inconclusive: the machine was busy");
        assertThat((List<String>) drawn.get("ranges")).containsExactly(" (0.62–1.4× the speed of 1 thread, 3 repetitions)");
        assertThat((List<String>) drawn.get("rerun")).containsExactly("Run again with 10 repetitions");
        List<String> order = (List<String>) drawn.get("order");
        assertThat(order.indexOf("gr-verdict")).isLessThan(order.indexOf("gr-figure"));
        assertThat(order.indexOf("gr-figure")).isLessThan(order.indexOf("gr-conditions"));
        assertThat((List<String>) drawn.get("badge")).containsExactly("Conditions: busy machine");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aConclusiveVerdictOnSteadyTimingsOffersNoRerunAndAGoodBadgeNothingToOpen() throws IOException {
        Map<String, Object> drawn = draw("steady", run("about the same", true, null, "good"));
        assertThat((List<String>) drawn.get("words")).containsExactly("4 threads: about the same");
        assertThat((List<String>) drawn.get("rerun")).isEmpty();
        assertThat((List<String>) drawn.get("badge")).containsExactly("Conditions: good");
        assertThat((List<String>) drawn.get("notes")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBrokenMeasurementSaysWhyUnderItsVerdict() throws IOException {
        Map<String, Object> drawn = draw("broken", run("broken measurement: faster than the cores allow", false,
                "'4 threads' read 2.73× as fast as '1 thread', but this machine gives experiments 2 cores.", "good"));
        assertThat((List<String>) drawn.get("problems")).containsExactly(
                "Broken measurement: '4 threads' read 2.73× as fast as '1 thread', but this machine gives experiments 2 cores.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void comparedRunsShareOneBadgeWithTheWorstStateAndEachNoteOnce() throws IOException {
        String cores = "no-parallelism=Right now 2 processes finish only 1.1× as fast as one on this machine (its cores are shared).";
        Map<String, Object> drawn = draw("compared",
                run("about the same", true, null, "no-parallelism", cores),
                run("about the same", true, null, "no-parallelism", cores),
                run("about the same", true, null, "good"));
        assertThat((List<String>) drawn.get("badge")).containsExactly("Conditions: cannot show parallelism");
        assertThat((List<String>) drawn.get("notes")).containsExactly(cores.substring("no-parallelism=".length()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWorkersAxisHasOnlyWholeNumberTicksAndPssIsExplainedUnderItsChart() throws IOException {
        ObjectNode run;
        try (InputStream in = ResultTrustBrowserTest.class.getResourceAsStream("/fixtures/results/line.json")) {
            run = (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        run.path("result").path("series").forEach(s -> {
            ((ObjectNode) s).put("yLabel", "memory in use (MB, PSS)");
            // One to four workers: few enough that the chart library would put ticks at half a worker.
            var points = (com.fasterxml.jackson.databind.node.ArrayNode) s.path("points");
            while (points.size() > 4) {
                points.remove(points.size() - 1);
            }
        });
        Map<String, Object> drawn = draw("workers", JSON.writeValueAsString(run));
        assertThat((List<Number>) drawn.get("xticks")).isNotEmpty()
                .allSatisfy(tick -> assertThat(tick.doubleValue() % 1).isZero());
        assertThat((List<String>) drawn.get("notices")).singleElement().asString().startsWith("PSS (proportional set size)");
    }
}
