package lab.gil.browser;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.gil.support.ModulePage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import java.util.List;
import java.util.Map;

import static lab.gil.browser.ComparedRunsBrowserTest.barRun;
import static lab.gil.browser.ComparedRunsBrowserTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compared strip charts and speedup curves, and the reference marks the lessons' prose refers to, drawn from stub
 * runs in a real browser: ideal lines, the default switch interval on a switch-interval axis and on GIL timelines.
 */
class ComparedChartsBrowserTest {
    private static ModulePage page;
    private static ChromeDriver browser;

    @BeforeAll
    static void serveThePageAndOpenABrowser() {
        page = ModulePage.open(ComparedRunsBrowserTest.PAGE);
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

    private static Map<String, Object> compare(String id, ObjectNode... runs) {
        return ComparedRunsBrowserTest.compare(browser, id, runs);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> datasets(Map<String, Object> drawn) {
        return (List<Map<String, Object>>) drawn.get("datasets");
    }

    @Test
    @SuppressWarnings("unchecked")
    void comparedScalingRunsKeepOneColourEachWithTheirOwnDashAndAnIdealLineNamedPerRunWhenTheirCapsDiffer() {
        ObjectNode spawn = fixture("line-spawn.json");
        ((ObjectNode) spawn.path("result").path("fingerprint")).put("effectiveParallelism", 1.9);
        Map<String, Object> drawn = compare("scaling", fixture("line.json"), spawn);
        List<Map<String, Object>> measured = datasets(drawn).stream().filter(d -> !(Boolean) d.get("reference")).toList();
        assertThat(measured).hasSize(4);
        assertThat(measured.get(0).get("colour")).isEqualTo(measured.get(1).get("colour"));
        assertThat(measured.get(2).get("colour")).isEqualTo(measured.get(3).get("colour")).isNotEqualTo(measured.get(0).get("colour"));
        assertThat(measured.get(0).get("dash")).isNotEqualTo(measured.get(2).get("dash"));
        List<String> keys = (List<String>) drawn.get("legendKeys");
        assertThat(keys).as("legend keys drawn like their lines").allSatisfy(key -> assertThat(key).startsWith("data:image/png"));
        assertThat(keys.get(0)).as("another marker").isNotEqualTo(keys.get(1));
        assertThat(keys.get(0)).as("another colour and dash").isNotEqualTo(keys.get(2));
        assertThat(datasets(drawn).stream().map(d -> (String) d.get("label")).filter(l -> l.startsWith("ideal")))
                .containsExactly("ideal, method=fork: min(workers, 1.62)", "ideal, method=spawn: min(workers, 1.9)");

        Map<String, Object> sameCap = compare("scaling-same-cap", fixture("line.json"), fixture("line.json").put("id", "second"));
        assertThat(datasets(sameCap)).filteredOn(d -> ((String) d.get("label")).startsWith("ideal"))
                .singleElement().satisfies(d -> assertThat(d.get("endLabel")).isEqualTo("ideal: 1.62× here"));
    }

    @Test
    void aSwitchIntervalAxisMarksTheDefaultFiveMillisecondsAndTheDiagonalOfOneWholeInterval() {
        ObjectNode run = fixture("line.json");
        ArrayNode series = ((ObjectNode) run.path("result")).putArray("series");
        for (String name : List.of("alone", "beside 1 CPU-bound thread")) {
            ObjectNode s = series.addObject().put("name", name).put("xLabel", "switch interval (ms)")
                    .put("yLabel", "median wake-up delay (ms)").put("ideal", false);
            ArrayNode points = s.putArray("points");
            for (double x : new double[] {0.5, 1, 2, 5, 10, 20}) {
                points.addArray().add(x).add(name.equals("alone") ? 0.1 : x * 0.9);
            }
        }
        Map<String, Object> drawn = compare("switch", run, run.deepCopy().put("id", "again"));
        assertThat(datasets(drawn)).filteredOn(d -> (Boolean) d.get("reference")).extracting(d -> d.get("label"), d -> d.get("data"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("default switch interval, 5 ms", List.of(5L, 5L)),
                        org.assertj.core.groups.Tuple.tuple("one whole interval late (y = x)", List.of(0.5, 20L)));
        assertThat(datasets(compare("no-marks", fixture("line.json"), fixture("line-spawn.json"))))
                .noneSatisfy(d -> assertThat((String) d.get("label")).contains("switch interval"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void threadsTakingTurnsAtOneGilGetAScaleBarOfOneSwitchIntervalOnTheirTimeline() {
        assertThat((List<String>) compare("gil-lanes", fixture("timeline-lanes.json")).get("plugins")).contains("gilSwitchScale");
        ObjectNode freeThreaded = fixture("timeline-lanes.json");
        ((ObjectNode) freeThreaded.path("result").path("fingerprint")).put("gilEnabled", false);
        assertThat((List<String>) compare("no-gil-lanes", freeThreaded).get("plugins")).doesNotContain("gilSwitchScale");
    }

    @Test
    void aStripChartPlacesEachRunsDotsInTheGroupOfTheirVariantSideBySide() {
        ObjectNode four = barRun("python3", 4, 1);
        ObjectNode two = barRun("python3", 2, 1);
        ((ObjectNode) four.path("result")).put("chart", "strip");
        ((ObjectNode) two.path("result")).put("chart", "strip");
        List<Map<String, Object>> dots = datasets(compare("strip", four, two)).stream()
                .filter(d -> !((String) d.get("label")).endsWith("median")).toList();
        assertThat(dots).extracting(d -> d.get("label")).containsExactly("threads=4", "threads=2");
        for (Map<String, Object> run : dots) {
            @SuppressWarnings("unchecked")
            List<Number> xs = (List<Number>) run.get("data");
            assertThat(xs).as("three repetitions in each of the two groups").hasSize(6)
                    .filteredOn(x -> x.doubleValue() < 0.5).hasSize(3);
        }
    }
}
