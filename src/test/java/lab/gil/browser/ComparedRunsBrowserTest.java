package lab.gil.browser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.gil.support.Browser;
import lab.gil.support.ModulePage;
import lab.gil.web.Assets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compared runs drawn by the result modules from stub runs (the fixtures of src/test/resources/fixtures/results,
 * changed per test) in a real browser under the app's script policy: paired bars, a colour per run, a legend
 * naming what differs, a log axis for times ten times apart, the reference lines, the folded verdicts.
 */
class ComparedRunsBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PAGE = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Compared runs</title><link rel="icon" href="/static/img/favicon.svg">
            <link rel="stylesheet" href="/static/css/site.css"><link rel="stylesheet" href="/static/css/results.css">
            <script src="%s"></script></head><body><main id="results"></main></body></html>
            """.formatted(Assets.webjars().get("chartjs"));
    /** Compares the runs (JSON texts) in a new section and answers the chart's state and what a reader finds. */
    static final String DRAW = """
            const [texts, id, done] = arguments;
            import('/static/js/results/index.js').then((results) => {
              const box = document.createElement('section');
              box.id = id;
              document.getElementById('results').append(box);
              results.compare(box, texts.map((text) => JSON.parse(text)));
              const chart = Chart.getChart(box.querySelector('canvas'));
              const text = (sel) => [...box.querySelectorAll(sel)].map((e) => e.textContent);
              done({
                labels: chart.data.labels || [],
                datasets: chart.data.datasets.map((d) => ({ label: d.label, data: d.data.map((p) => (p && typeof p === 'object' ? p.x : p)),
                  colour: d.borderColor, dash: (d.borderDash || []).join(','), reference: Boolean(d.reference), endLabel: d.endLabel || null })),
                legend: chart.legend.legendItems.map((item) => item.text),
                plugins: (chart.config.plugins || []).map((p) => p.id),
                legendKeys: chart.legend.legendItems.map((item) => (item.pointStyle instanceof HTMLCanvasElement ? item.pointStyle.toDataURL() : null)),
                yType: chart.options.scales.y.type || 'linear',
                yTicks: chart.scales.y.ticks.map((t) => t.value),
                yTickLabels: chart.scales.y.ticks.map((t) => [].concat(t.label).join(' ')),
                notes: text('.gr-note'),
                order: [...box.children].map((e) => e.className.split(' ')[0]),
                verdictBlocks: box.querySelectorAll('.gr-verdict').length,
                verdictRows: [...box.querySelectorAll('.gr-verdict-table tbody tr')].map((tr) => tr.querySelector('th').textContent),
                metricRows: [...box.querySelectorAll('.gr-metrics tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent).join('|')),
                reruns: [...box.querySelectorAll('.gr-verdict-table .gr-rerun')].map((b) => b.getAttribute('aria-label')),
                swatches: [...box.querySelectorAll('.gr-data tbody tr')].map((tr) => {
                  const mark = tr.querySelector('th .gr-swatch');
                  return tr.querySelector('th').textContent + '=' + (mark ? getComputedStyle(mark).backgroundColor : 'none');
                }),
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

    static ObjectNode fixture(String name) {
        try (InputStream in = ComparedRunsBrowserTest.class.getResourceAsStream("/fixtures/results/" + name)) {
            return (ObjectNode) JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cpu-threads bar sample as run on {@code interpreter} with {@code threads}, its timings multiplied by {@code scale}. */
    static ObjectNode barRun(String interpreter, int threads, double scale) {
        ObjectNode run = fixture("bar.json");
        run.put("interpreter", interpreter);
        ((ObjectNode) run.path("params")).put("threads", threads);
        ObjectNode many = (ObjectNode) run.path("result").path("repetitions").get(1);
        many.put("variant", threads + " threads");
        run.path("result").path("repetitions").forEach(rep -> {
            ObjectNode r = (ObjectNode) rep;
            for (String field : List.of("median", "q1", "q3", "min", "max")) {
                r.put(field, r.path(field).asDouble() * scale);
            }
            List<Double> measured = new java.util.ArrayList<>();
            rep.path("values").forEach(v -> measured.add(v.asDouble() * scale));
            ArrayNode values = r.putArray("values");
            measured.forEach(values::add);
        });
        return run;
    }

    /** The same run with a verdict, conclusive or not. */
    static ObjectNode withVerdict(ObjectNode run, String words, boolean conclusive) {
        ObjectNode verdict = JSON.createObjectNode().put("words", words).put("ratio", 0.97).put("low", 0.8).put("high", 1.2)
                .put("conclusive", conclusive).put("reference", "1 thread").put("compared", "4 threads").put("rounds", 3);
        verdict.putNull("problem");
        ((ObjectNode) run.path("result")).set("verdict", verdict);
        ((ObjectNode) run.path("result")).set("verdicts", JSON.createArrayNode().add(verdict));
        return run;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compare(ChromeDriver browser, String id, ObjectNode... runs) {
        List<String> texts = Arrays.stream(runs).map(ObjectNode::toString).toList();
        Map<String, Object> drawn = (Map<String, Object>) browser.executeAsyncScript(DRAW, texts, id);
        assertThat(drawn).doesNotContainKey("error");
        return drawn;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> datasets(Map<String, Object> drawn) {
        return (List<Map<String, Object>>) drawn.get("datasets");
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsOfDifferentParametersStandSideBySideInOneGroupPerVariantWithOneDatasetPerRun() {
        ObjectNode four = fixture("bar.json");
        ObjectNode two = fixture("bar-threads-2.json");
        ((ObjectNode) four.path("result")).putArray("metrics").addObject().put("name", "CPU time, 4 threads").put("value", 0.26).put("unit", "s");
        ((ObjectNode) two.path("result")).putArray("metrics").addObject().put("name", "CPU time, 2 threads").put("value", 0.23).put("unit", "s");
        Map<String, Object> drawn = compare(browser, "paired", four, two);
        assertThat((List<String>) drawn.get("labels")).as("'4 threads' and '2 threads' are the same variant of each run")
                .containsExactly("1 thread", "4 threads / 2 threads");
        assertThat(datasets(drawn)).extracting(d -> d.get("label")).containsExactly("threads=4", "threads=2");
        assertThat(datasets(drawn)).extracting(d -> d.get("data"))
                .containsExactly(List.of(0.162, 0.171), List.of(0.161, 0.175));
        assertThat((List<String>) drawn.get("metricRows")).as("the metrics pair up the same way")
                .containsExactly("CPU time, 4 threads / CPU time, 2 threads|0.26 s|0.23 s");
    }

    @Test
    void eightComparedRunsHaveEightColoursAndEachRunsSwatchInTheDataTableIsItsChartColourInBothThemes() {
        ObjectNode[] runs = new ObjectNode[8];
        for (int i = 0; i < 8; i++) {
            runs[i] = barRun("python3", i + 1, 1);
        }
        for (String theme : List.of("light", "dark")) {
            browser.executeScript("document.documentElement.dataset.theme = arguments[0]", theme);
            Map<String, Object> drawn = compare(browser, "eight-" + theme, runs);
            List<Object> colours = datasets(drawn).stream().map(d -> d.get("colour")).toList();
            assertThat(new HashSet<>(colours)).as(theme).hasSize(8);
            @SuppressWarnings("unchecked")
            List<String> swatches = (List<String>) drawn.get("swatches");
            for (int i = 0; i < 8; i++) {
                String label = "threads=" + (i + 1);
                String colour = rgb((String) colours.get(i));
                assertThat(swatches).as(theme + ": " + label).contains(label + "=" + colour);
            }
        }
    }

    /** "#0072b2" as getComputedStyle writes it: "rgb(0, 114, 178)". */
    private static String rgb(String hex) {
        int n = Integer.parseInt(hex.substring(1), 16);
        return "rgb(" + (n >> 16) + ", " + ((n >> 8) & 255) + ", " + (n & 255) + ")";
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLegendNamesEachRunsInterpreterAndOnlyTheParametersThatDiffer() {
        Map<String, Object> drawn = compare(browser, "legend", barRun("python3.13t", 4, 1), barRun("python3", 2, 1));
        assertThat((List<String>) drawn.get("legend")).containsExactly("python3.13t · threads=4", "python3 · threads=2");

        ObjectNode small = barRun("python3", 4, 1);
        ((ObjectNode) small.path("params")).put("work", 500_000);
        ObjectNode large = barRun("python3", 4, 1);
        ((ObjectNode) large.path("params")).put("work", 8_000_000);
        assertThat((List<String>) compare(browser, "short-values", small, large).get("legend"))
                .as("long numbers shortened for a phone").containsExactly("work=500K", "work=8M");
    }

    @Test
    @SuppressWarnings("unchecked")
    void comparedTimesTenfoldApartGetALogAxisWithTicksAtPowersOfTenAndACaptionThatSaysSo() {
        Map<String, Object> drawn = compare(browser, "log", barRun("python3", 4, 1), barRun("pypy3", 4, 0.02));
        assertThat(drawn.get("yType")).isEqualTo("logarithmic");
        assertThat((List<Number>) drawn.get("yTicks")).isNotEmpty().allSatisfy(tick -> {
            double mantissa = tick.doubleValue() / Math.pow(10, Math.floor(Math.log10(tick.doubleValue()) + 1e-9));
            assertThat(Math.round(mantissa * 1000) / 1000.0).isIn(1.0, 2.0, 5.0);
        });
        assertThat((List<String>) drawn.get("yTickLabels")).contains("0.01", "0.1");
        assertThat((List<String>) drawn.get("notes")).anySatisfy(note -> assertThat(note).contains("Log scale: the medians span"));

        Map<String, Object> close = compare(browser, "linear", fixture("bar.json"), fixture("bar-threads-2.json"));
        assertThat(close.get("yType")).isEqualTo("linear");
        assertThat((List<String>) close.get("notes")).noneSatisfy(note -> assertThat(note).contains("Log scale"));

        ObjectNode twentyfold = fixture("bar.json");
        ((ObjectNode) twentyfold.path("result").path("repetitions").get(1)).put("median", 0.008).put("min", 0.007).put("max", 0.009);
        assertThat(compare(browser, "single-20x", twentyfold).get("yType")).as("one run's 20× win stays linear").isEqualTo("linear");
        ((ObjectNode) twentyfold.path("result").path("repetitions").get(1)).put("median", 0.0008).put("min", 0.0007).put("max", 0.0009);
        assertThat(compare(browser, "single-200x", twentyfold).get("yType")).as("one run spanning decades").isEqualTo("logarithmic");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theVerdictsOfFiveInterpretersFoldIntoOneTableAboveTheChartWithARerunForEachUnsettledOne() {
        List<String> names = List.of("python3", "pypy3", "python3.13", "python3.13t", "python3.13t+gil");
        ObjectNode[] runs = new ObjectNode[5];
        for (int i = 0; i < 5; i++) {
            boolean settled = i % 2 == 0;
            runs[i] = withVerdict(barRun(names.get(i), 4, 1), settled ? "about the same" : "inconclusive: the machine was busy", settled);
        }
        Map<String, Object> drawn = compare(browser, "folded", runs);
        assertThat(drawn.get("verdictBlocks")).as("one block, not one per run").isEqualTo(1L);
        assertThat((List<String>) drawn.get("verdictRows")).containsExactlyElementsOf(names);
        assertThat((List<String>) drawn.get("reruns")).containsExactly(
                "Run pypy3 again with 10 repetitions", "Run python3.13t again with 10 repetitions");
        List<String> order = (List<String>) drawn.get("order");
        assertThat(order.indexOf("gr-verdict")).isLessThan(order.indexOf("gr-figure"));

        Object asked = browser.executeAsyncScript("""
                const done = arguments[0];
                document.addEventListener('gillab:rerun', (e) => done([e.detail.run.interpreter, e.detail.repetitions, e.detail.fromComparison]), { once: true });
                document.querySelectorAll('#folded .gr-rerun')[1].click();
                """);
        assertThat(asked).isEqualTo(List.of("python3.13t", 10L, true));
    }

    @Test
    void runAgainFromAComparisonSetsTheFormToThatRunsInterpreterAndParametersBeforeItIsSent() {
        Object form = browser.executeAsyncScript("""
                const done = arguments[0];
                const form = document.createElement('form');
                form.innerHTML = '<select name="interpreter"><option>python3</option><option>pypy3</option><option disabled>gone</option></select>'
                  + '<input type="range" id="t-slider"><input type="number" id="t" name="param.threads" value="4">'
                  + '<input type="hidden" name="param.fast" value="false"><input type="checkbox" name="param.fast" value="true">';
                document.body.append(form);
                import('/static/js/rerun-form.js').then(({ matchRun }) => {
                  matchRun(form, { interpreter: 'pypy3', params: { threads: 2, fast: true } });
                  const before = form.querySelector('select').value;
                  matchRun(form, { interpreter: 'gone', params: {} });
                  done([before, form.querySelector('select').value, form.querySelector('#t').value,
                    form.querySelector('input[type=checkbox]').checked, form.querySelector('input[type=hidden]').value]);
                });
                """);
        assertThat(form).as("an interpreter no longer offered is left as it was").isEqualTo(List.of("pypy3", "pypy3", "2", true, "false"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void onAPhoneTheFoldedVerdictsFitTheScreenWidth() {
        ChromeDriver phone = Browser.open("390x844");
        try {
            phone.get(page.url());
            ObjectNode[] runs = new ObjectNode[5];
            List<String> names = List.of("python3", "pypy3", "python3.13", "python3.13t", "python3.13t+gil");
            for (int i = 0; i < 5; i++) {
                runs[i] = withVerdict(barRun(names.get(i), 4, 1), "inconclusive: the machine was busy", false);
            }
            // The lesson page's column on a phone, inside its margins.
            phone.executeScript("document.getElementById('results').style.width = '300px'");
            compare(phone, "phone", runs);
            new WebDriverWait(phone, Duration.ofSeconds(10)).until(d -> phone.executeScript("return document.fonts.status").equals("loaded"));
            List<Number> widths = (List<Number>) phone.executeScript("return [document.querySelector('#phone .gr-verdict-table').scrollWidth,"
                    + " document.querySelector('#phone').clientWidth, document.documentElement.scrollWidth, window.innerWidth]");
            assertThat(widths.get(0).intValue()).as("verdict table width").isLessThanOrEqualTo(widths.get(1).intValue());
            assertThat(widths.get(2).intValue()).as("page width").isLessThanOrEqualTo(widths.get(3).intValue());
        } finally {
            phone.quit();
        }
    }
}
