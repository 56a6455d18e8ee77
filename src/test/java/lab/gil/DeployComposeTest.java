package lab.gil;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose.yaml as the application reads it (no Docker engine runs the tests; RunnerNodesHttpTest starts the
 * same commands with the same settings as processes): a web node that runs nothing, runners of names of their own on
 * the same PostgreSQL, every node with the secure line's options of docker/compose.yaml.
 */
class DeployComposeTest {
    private static final Path DEPLOY = Path.of("deploy");

    @Test
    void theComposeFileHasAWebNodeThatRunsNothingAndTwoRunnersOfTheirOwnNamesOnOnePostgres() throws IOException {
        Map<String, Map<String, Object>> services = services(DEPLOY.resolve("compose.yaml"));
        assertThat(services).containsOnlyKeys("db", "web", "runner-1", "runner-2");

        Config web = Config.fromEnv(environment(services.get("web")), "host");
        assertThat(web.nodes().shared()).isTrue();
        assertThat(web.nodes().runsHere()).as("GILLAB_LOCAL_RUNNER=false").isFalse();
        assertThat(services.get("web").get("command")).isNull();

        for (String runner : List.of("runner-1", "runner-2")) {
            assertThat(services.get(runner).get("command")).isEqualTo(List.of("runner"));
            Config config = Config.fromEnv(environment(services.get(runner)), "host");
            assertThat(config.nodes().shared()).isTrue();
            assertThat(config.instance()).isEqualTo(runner);
            assertThat(config.jdbcUrl()).isEqualTo(web.jdbcUrl()).startsWith("jdbc:postgresql://db:5432/");
        }
        assertThat(Main.usage()).contains("gil-lab.jar runner");
    }

    @Test
    void everyNodeOfTheComposeFileRunsWithTheSecureLinesOptions() throws IOException {
        Map<String, Map<String, Object>> secure = services(Path.of("docker", "compose.yaml"));
        List<Object> documented = options(secure.get("gil-lab"));
        for (Map.Entry<String, Map<String, Object>> service : services(DEPLOY.resolve("compose.yaml")).entrySet()) {
            if (!"gil-lab".equals(service.getValue().get("image"))) {
                continue;
            }
            List<Object> options = options(service.getValue());
            assertThat(options).as(service.getKey()).contains("systempaths=unconfined").hasSameSizeAs(documented);
            String seccomp = options.stream().map(Object::toString).filter(o -> o.startsWith("seccomp=")).findFirst().orElseThrow();
            Path profile = DEPLOY.resolve(seccomp.substring("seccomp=".length())).normalize();
            assertThat(profile).as(service.getKey()).isEqualTo(Path.of("docker", "seccomp-bwrap.json")).exists();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services(Path file) throws IOException {
        Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        return ((Map<String, Object>) service.get("environment")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> options(Map<String, Object> service) {
        return (List<Object>) service.get("security_opt");
    }
}
