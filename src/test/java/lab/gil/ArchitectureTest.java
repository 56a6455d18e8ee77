package lab.gil;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The layout's rules: packages in one direction, Javalin only in the web layer, containment on its own, small files. */
class ArchitectureTest {
    private static final int MAX_LINES = 300;
    /**
     * Files known to be over the limit, each to be split where it is being changed. The test fails when one of them
     * comes under the limit, so the exception is removed as soon as it is not needed.
     */
    private static JavaClasses classes;

    @BeforeAll
    static void importTheMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("lab.gil");
    }

    @Test
    void packagesDependOnEachOtherInOneDirectionOnly() {
        slices().matching("lab.gil.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theStagesOfTheRunPipelineDependOnEachOtherInOneDirectionOnly() {
        slices().matching("lab.gil.run.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheWebLayerAndTheWiringUseJavalin() {
        noClasses().that().resideOutsideOfPackages("lab.gil.web..", "lab.gil")
                .should().dependOnClassesThat().resideInAPackage("io.javalin..")
                .because("domain packages must not know about HTTP").check(classes);
    }

    @Test
    void theSandboxDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("lab.gil.sandbox..")
                .should().dependOnClassesThat(resideInAPackage("lab.gil..").and(resideOutsideOfPackage("lab.gil.sandbox..")))
                .check(classes);
    }

    @Test
    void interpreterDiscoveryDependsOnNothingElseOfOurs() {
        noClasses().that().resideInAPackage("lab.gil.interpreter..")
                .should().dependOnClassesThat(resideInAPackage("lab.gil..").and(resideOutsideOfPackage("lab.gil.interpreter..")))
                .check(classes);
    }

    @Test
    void noJavaFileIsLongerThanThreeHundredLines() throws IOException {
        Path root = Path.of("src/main/java");
        Map<String, Long> lines = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                try (Stream<String> text = Files.lines(file)) {
                    lines.put(root.relativize(file).toString().replace('\\', '/'), text.count());
                }
            }
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines.entrySet().stream().filter(e -> e.getValue() > MAX_LINES)
                .map(e -> e.getKey() + " has " + e.getValue() + " lines").toList()).isEmpty();
    }
}
