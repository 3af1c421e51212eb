package io.vigil.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code outbound.allow}: what an entry allows, and entries refused at start with the entry named. */
class OutboundAllowlistTest {

    @Test
    void blocksAndExactTargetsAreReadAndNormalized() {
        OutboundAllowlist allow = OutboundAllowlist.parse(" 10.20.0.0/16, fd00::/8 Alerts.Internal.:8443,[::1]:9000 ,127.0.0.1:9000, 10.0.0.5 ");
        assertThat(allow).hasToString("10.20.0.0/16,fd00:0:0:0:0:0:0:0/8,10.0.0.5/32,alerts.internal:8443,[0:0:0:0:0:0:0:1]:9000,127.0.0.1:9000");
        assertThat(OutboundAllowlist.parse("").isEmpty()).isTrue();
        assertThat(OutboundAllowlist.parse(" , ").isEmpty()).isTrue();
    }

    @Test
    void anEntryAllowsWhatItSaysAndNothingMore() throws Exception {
        OutboundAllowlist allow = OutboundAllowlist.parse("10.20.0.0/16,alerts.internal:8443,[::1]:9000,127.0.0.1:9000");
        assertThat(allow.permits("x", ip("10.20.255.1"), 1)).isTrue();
        assertThat(allow.permits("x", ip("10.21.0.1"), 1)).isFalse();
        assertThat(allow.permits("ALERTS.internal.", ip("10.99.0.1"), 8443)).isTrue();
        assertThat(allow.permits("alerts.internal", ip("10.99.0.1"), 8444)).isFalse();
        assertThat(allow.permits("evil.internal", ip("10.99.0.1"), 8443)).isFalse();
        assertThat(allow.permits("[::1]", ip("::1"), 9000)).isTrue();
        assertThat(allow.permits("127.0.0.1", ip("127.0.0.1"), 9000)).isTrue();
        assertThat(allow.permits("127.0.0.1", ip("127.0.0.2"), 9000)).isFalse();
        assertThat(allow.permits("127.0.0.1", ip("127.0.0.1"), 9001)).isFalse();
        assertThat(allow.permits("x", ip("::ffff:10.20.0.1"), 1)).as("IPv4-mapped form of an allowed block").isTrue();
        assertThat(OutboundAllowlist.NONE.permits("localhost", ip("127.0.0.1"), 80)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "alerts.internal", "alerts.internal:99999", "alerts.internal:0", "alerts.internal:http",
            "[::1]", "[::1]9000", "0x7f.1:80", "2130706433:80", "http://alerts.internal:80", "under_score.internal:80", "fd00::/129", "*:80"})
    void aBadEntryIsRefusedNamingIt(String entry) {
        assertThatThrownBy(() -> OutboundAllowlist.parse("10.0.0.0/8," + entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry.length() > 6 ? entry.substring(0, 6) : entry);
    }

    static InetAddress ip(String literal) {
        return Addresses.literal(literal).orElseThrow();
    }
}
