package io.vigil.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HostNames}: which names a request may be addressed by, and when the check applies. */
class HostNamesTest {
    private final HostNames open = new HostNames("0.0.0.0", List.of("vigil.soc.example"));

    @Test
    void appliesOnlyWhenBoundBeyondLoopback() {
        assertThat(new HostNames("127.0.0.1", List.of()).enforced()).isFalse();
        assertThat(new HostNames("localhost", List.of()).enforced()).isFalse();
        assertThat(new HostNames("::1", List.of()).enforced()).isFalse();
        assertThat(new HostNames("0.0.0.0", List.of()).enforced()).isTrue();
        assertThat(new HostNames("::", List.of()).enforced()).isTrue();
        assertThat(new HostNames(null, List.of()).enforced()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "10.20.30.40", "[::1]", "[fe80::1%25eth0]", "::1",
            "vigil.soc.example", "Vigil.SOC.example."})
    void knowsLocalhostEveryAddressAndTheConfiguredNames(String host) {
        assertThat(open.isKnown(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example", "vigil.soc.example.attacker.example", "soc.example", "localhost.attacker.example",
            "127.0.0.1.nip.io", "2130706433", "999.1.1.1"})
    void refusesOtherNames(String host) {
        assertThat(open.isKnown(host)).isFalse();
    }

    @Test
    void theBoundNameIsKnown() {
        assertThat(new HostNames("vigil-1.internal", List.of()).isKnown("vigil-1.internal")).isTrue();
    }

    @Test
    void aRequestWithoutHostIsNoBrowsers() {
        assertThat(open.isKnown(null)).isTrue();
        assertThat(open.isKnown("")).isTrue();
    }
}
