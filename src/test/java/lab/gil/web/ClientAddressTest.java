package lab.gil.web;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** X-Forwarded-For is believed only from a proxy the operator named. */
class ClientAddressTest {
    @Test
    void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
        assertThat(new ClientAddress(Set.of()).of("203.0.113.9", "10.1.1.1")).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxyTellsTheClientsAddress() {
        assertThat(new ClientAddress(Set.of("10.0.0.2")).of("10.0.0.2", "198.51.100.7")).isEqualTo("198.51.100.7");
    }

    @Test
    void anAddressTheClientWroteItselfIsSkippedForTheOneTheProxySaw() {
        ClientAddress address = new ClientAddress(Set.of("10.0.0.2", "10.0.0.3"));
        assertThat(address.of("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.3")).isEqualTo("198.51.100.7");
    }

    @Test
    void anUntrustedSenderCannotPretendToBeSomeoneElse() {
        assertThat(new ClientAddress(Set.of("10.0.0.2")).of("203.0.113.9", "198.51.100.7")).isEqualTo("203.0.113.9");
    }
}
