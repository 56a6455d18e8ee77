package lab.gil.web;

import lab.gil.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllowedHostsTest {
    @Test
    void byDefaultLocalhostTheLoopbackAddressesAndTheMachinesNameAreServed() {
        AllowedHosts hosts = Config.fromEnv(Map.of(), "labpc").allowedHosts();

        assertThat(hosts.names()).containsExactlyInAnyOrder("localhost", "127.0.0.1", "[::1]", "labpc");
        for (String host : new String[]{"localhost:7070", "LOCALHOST", "localhost.", "127.0.0.1:7070", "[::1]:7070", "labpc", "LabPC:80"}) {
            assertThat(hosts.allows(host)).as(host).isTrue();
        }
        assertThat(hosts.allows("evil.example:7070")).isFalse();
        assertThat(hosts.allows("labpc.evil.example")).isFalse();
    }

    @Test
    void anIpAddressIsAlwaysServedSinceRebindingNeedsAName() {
        AllowedHosts hosts = AllowedHosts.parse(Optional.of("lab.school.example"), "labpc");

        assertThat(hosts.allows("10.0.0.5:7070")).isTrue();
        assertThat(hosts.allows("[2001:db8::5]:7070")).isTrue();
        assertThat(hosts.allows("10.0.0.5.nip.io")).isFalse();
    }

    @Test
    void configuredNamesReplaceTheMachinesNameAndIgnoreAPortWrittenWithThem() {
        AllowedHosts hosts = Config.fromEnv(Map.of("GILLAB_ALLOWED_HOSTS", " lab.school.example:7070 , Lab2 "), "labpc").allowedHosts();

        assertThat(hosts.names()).containsExactlyInAnyOrder("lab.school.example", "lab2");
        assertThat(hosts.allows("lab.school.example")).isTrue();
        assertThat(hosts.allows("lab2:8080")).isTrue();
        assertThat(hosts.allows("localhost:7070")).as("localhost is never looked up in DNS").isTrue();
        assertThat(hosts.allows("labpc:7070")).isFalse();
    }

    @Test
    void aStarServesEveryNameForAProxyThatChecksThemItself() {
        AllowedHosts hosts = Config.fromEnv(Map.of("GILLAB_ALLOWED_HOSTS", "*"), "labpc").allowedHosts();

        assertThat(hosts.any()).isTrue();
        assertThat(hosts.allows("anything.example")).isTrue();
    }

    @Test
    void malformedHostHeadersAreRefused() {
        AllowedHosts hosts = AllowedHosts.parse(Optional.empty(), "labpc");

        for (String host : new String[]{"", "localhost:", "localhost:abc", "localhost:1:2", "[::1", "[::1]x", "localhost@evil.example"}) {
            assertThat(hosts.allows(host)).as("'%s'", host).isFalse();
        }
    }

    @Test
    void aSettingThatNamesNoHostIsAMistakeSaidAtStartUp() {
        assertThatThrownBy(() -> AllowedHosts.parse(Optional.of(" , "), "labpc")).hasMessageContaining("GILLAB_ALLOWED_HOSTS names no host");
        assertThatThrownBy(() -> AllowedHosts.parse(Optional.of("lab:port"), "labpc")).hasMessageContaining("'lab:port' is not a host name");
    }
}
