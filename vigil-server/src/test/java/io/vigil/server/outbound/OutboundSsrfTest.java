package io.vigil.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.server.core.VigilException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Server-side request forgery (SSRF), the CVE class MLflow and H2O shipped through server-side
 * fetches, tried against {@link OutboundClient}: every internal address, however it is spelt or
 * reached (a DNS name, a rebinding resolver, a redirect), is refused before a connection opens.
 * The targets are real servers on loopback that count what reaches them: a refused call never does.
 */
class OutboundSsrfTest {
    static final OutboundSettings FAST = OutboundSettings.DEFAULTS.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3));

    LoopbackServer internal;
    OutboundClient client;

    @BeforeEach
    void start() throws Exception {
        internal = LoopbackServer.http(x -> LoopbackServer.answer(x, 200, "internal secrets"));
        client = OutboundClient.create(FAST);
    }

    @AfterEach
    void stop() {
        client.close();
        internal.close();
    }

    @Test
    void ssrfToLoopback127IsRefused() {
        OutboundException e = refused("http://127.0.0.1:" + internal.port() + "/admin?token=s3cr3t");
        assertThat(e.reason()).isEqualTo(OutboundException.Reason.REFUSED_TARGET);
        assertThat(e.kind()).isEqualTo(VigilException.Kind.FORBIDDEN);
        assertThat(e.getMessage()).isEqualTo("http://127.0.0.1:" + internal.port() + " is refused: 127.0.0.1 is a loopback address; "
                + "Vigil calls internal addresses only when outbound.allow (VIGIL_OUTBOUND_ALLOW) lists them");
        assertThat(e.addressKind()).contains("loopback");
        assertThat(internal.hits()).isZero();
    }

    @Test
    void ssrfToIpv6LoopbackIsRefused() throws Exception {
        try (LoopbackServer v6 = LoopbackServer.http("::1", x -> LoopbackServer.answer(x, 200, "internal"))) {
            OutboundException e = refused("http://[::1]:" + v6.port() + "/");
            assertThat(e.getMessage()).startsWith("http://[::1]:" + v6.port() + " is refused: 0:0:0:0:0:0:0:1 is a loopback address");
            assertThat(v6.hits()).isZero();
        }
    }

    @Test
    void ssrfToCloudMetadataIsRefused() {
        OutboundException e = refused("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        assertThat(e.getMessage()).contains("169.254.169.254 is a link-local address (where cloud metadata services answer");
        assertThat(e.addressKind()).contains("link-local");
        refused("http://169.254.169.254:80/computeMetadata/v1/");
        refused("http://[fd00:ec2::254]/latest/meta-data/"); // AWS's IPv6 metadata address
    }

    @Test
    void ssrfToPrivate10IsRefused() {
        assertThat(refused("http://10.0.0.1/").addressKind()).contains("private");
    }

    @Test
    void ssrfToUnspecified0000IsRefused() {
        // on Linux a connection to 0.0.0.0 reaches this host: the server on 127.0.0.1 would answer
        assertThat(refused("http://0.0.0.0:" + internal.port() + "/").addressKind()).contains("unspecified");
        assertThat(refused("http://[::]:" + internal.port() + "/").addressKind()).contains("unspecified");
        assertThat(internal.hits()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.2", "127.255.255.254", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
            "100.127.255.254", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.0.170", "198.18.0.1",
            "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "[fec0::1]", "[ff02::1]",
            "[::ffff:10.0.0.1]", "[::ffff:169.254.169.254]", "[::ffff:0:7f00:1]", "[::127.0.0.1]", "[::1:2:3]", "[64:ff9b::7f00:1]",
            "[64:ff9b::a9fe:a9fe]", "[2002:7f00:1::1]", "[2002:a9fe:a9fe::]"})
    void ssrfToInternalAddressesIsRefused(String host) {
        OutboundException e = refused("http://" + host + ":" + internal.port() + "/");
        assertThat(e.address()).isPresent();
        assertThat(internal.hits()).isZero();
    }

    @Test
    void ssrfThroughIpv4MappedIpv6LoopbackIsRefused() {
        OutboundException e = refused("http://[::ffff:127.0.0.1]:" + internal.port() + "/");
        assertThat(e.addressKind()).contains("loopback");
        refused("http://[0:0:0:0:0:ffff:7f00:1]:" + internal.port() + "/");
        assertThat(internal.hits()).isZero();
    }

    /** What C resolvers (inet_aton) read as 127.0.0.1: refused as ambiguous whatever the JDK would make of them. */
    @ParameterizedTest
    @ValueSource(strings = {"2130706433", "0177.0.0.1", "0x7f.1", "0x7f000001", "127.1", "127.0.1", "017700000001", "0x7f.0.0.1",
            "0177.0.0.01", "127.0.0.1."})
    void ssrfThroughDecimalOctalAndHexIpv4SpellingsIsRefused(String host) {
        assertThatThrownBy(() -> client.send(OutboundRequest.get("http://" + host + ":" + internal.port() + "/")))
                .isInstanceOf(OutboundException.class)
                .satisfies(t -> assertThat(((OutboundException) t).reason()).isIn(OutboundException.Reason.INVALID_URL,
                        OutboundException.Reason.REFUSED_TARGET));
        assertThat(internal.hits()).isZero();
    }

    @Test
    void ssrfThroughANameResolvingToLoopbackIsRefused() {
        OutboundException e = refused("http://localhost:" + internal.port() + "/");
        assertThat(e.getMessage()).contains("127.0.0.1 is a loopback address (localhost resolves to it)");
        assertThat(internal.hits()).isZero();
    }

    @Test
    void ssrfThroughDnsRebindingToLoopbackIsRefused() {
        HostResolver attackerDns = host -> List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        try (OutboundClient rebound = OutboundClient.create(FAST, attackerDns, tls())) {
            assertThatThrownBy(() -> rebound.send(OutboundRequest.get("http://hooks.attacker.example:" + internal.port() + "/")))
                    .isInstanceOf(OutboundException.class)
                    .hasMessageContaining("127.0.0.1 is a loopback address (hooks.attacker.example resolves to it)");
            // one internal address among public ones is enough to refuse
            HostResolver mixed = host -> List.of(InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.2.3"));
            try (OutboundClient mixedClient = OutboundClient.create(FAST, mixed, tls())) {
                assertThatThrownBy(() -> mixedClient.send(OutboundRequest.get("http://hooks.attacker.example/")))
                        .hasMessageContaining("10.1.2.3 is a private address");
            }
        }
        assertThat(internal.hits()).isZero();
    }

    /** A rebinding DNS answers public first, loopback after: the client resolves once and connects to what it checked. */
    @Test
    void ssrfThroughDnsRebindingAfterTheCheckCannotReachLoopback() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> lookups.getAndIncrement() == 0
                ? List.of(InetAddress.getByAddress(host, new byte[] {(byte) 203, 0, 113, 10})) // TEST-NET-3: public, unreachable
                : List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        OutboundSettings quick = FAST.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(2));
        try (OutboundClient c = OutboundClient.create(quick, rebinding, tls())) {
            assertThatThrownBy(() -> c.send(OutboundRequest.get("http://rebind.attacker.example:" + internal.port() + "/")))
                    .isInstanceOf(OutboundException.class)
                    .satisfies(t -> assertThat(((OutboundException) t).reason()).isIn(OutboundException.Reason.TIMED_OUT,
                            OutboundException.Reason.CONNECTION_FAILED));
        }
        assertThat(lookups.get()).as("DNS lookups for one call").isEqualTo(1);
        assertThat(internal.hits()).isZero();
    }

    @Test
    void ssrfCheckRefusesAUrlWhenItIsSetWithoutCallingIt() {
        assertThatThrownBy(() -> client.check("http://127.0.0.1:" + internal.port() + "/hook")).isInstanceOf(OutboundException.class)
                .hasMessageContaining("loopback");
        assertThat(client.check("http://93.184.215.14:8080/hook?token=x")).isEqualTo("http://93.184.215.14:8080");
        assertThat(internal.hits()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:6379/_FLUSHALL", "jar:http://x/y.jar!/",
            "dict://127.0.0.1:11211/stat", "ldap://127.0.0.1/", "javascript:alert(1)", "//example.com/x", "example.com/hook",
            "http://user:password@example.com/hook", "http://example.com@127.0.0.1/", "http:///nohost", "http://exa mple.com/", ""})
    void ssrfThroughOtherSchemesAndMalformedUrlsIsRefused(String url) {
        assertThatThrownBy(() -> client.send(OutboundRequest.get(url))).isInstanceOf(OutboundException.class)
                .satisfies(t -> {
                    OutboundException e = (OutboundException) t;
                    assertThat(e.reason()).isEqualTo(OutboundException.Reason.INVALID_URL);
                    assertThat(e.kind()).isEqualTo(VigilException.Kind.INVALID);
                    assertThat(e.errors()).extracting(f -> f.field()).containsExactly("url");
                    assertThat(e.getMessage()).doesNotContain("password");
                });
    }

    @Test
    void ssrfRefusalsAreLoggedStructuredWithoutSecrets() {
        Logger logger = (Logger) LoggerFactory.getLogger(OutboundClient.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            OutboundRequest request = OutboundRequest.postJson("http://127.0.0.1:" + internal.port() + "/hooks/T000/B000/pathSECRET?token=querySECRET",
                    "{\"alert\": 1}").withHeader("Authorization", "Bearer headerSECRET");
            assertThatThrownBy(() -> client.send(request)).hasMessageNotContaining("SECRET");
            assertThat(request.toString()).doesNotContain("SECRET");
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel().toString()).isEqualTo("WARN");
        assertThat(line.getMessage()).isEqualTo("outbound call refused");
        assertThat(line.getKeyValuePairs()).extracting(kv -> kv.key + "=" + kv.value)
                .containsExactly("target=http://127.0.0.1:" + internal.port(), "address=127.0.0.1", "addressKind=loopback", "hop=0");
        assertThat(line.getFormattedMessage() + line.getKeyValuePairs()).doesNotContain("SECRET");
        assertThat(internal.hits()).isZero();
    }

    @Test
    void publicAddressesAreNotRefused() throws UnknownHostException {
        for (String address : List.of("8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.0", "100.63.255.255",
                "100.128.0.0", "169.253.255.255", "11.0.0.0", "2606:4700:4700::1111", "2a00:1450::1", "::ffff:8.8.8.8", "2002:808:808::")) {
            assertThat(Addresses.refusal(InetAddress.getByName(address))).as(address).isEmpty();
        }
    }

    private OutboundException refused(String url) {
        long start = System.nanoTime();
        OutboundException e = org.junit.jupiter.api.Assertions.assertThrows(OutboundException.class, () -> client.send(OutboundRequest.get(url)));
        assertThat(e.reason()).as(url).isEqualTo(OutboundException.Reason.REFUSED_TARGET);
        assertThat(e.getMessage()).doesNotContain("token").doesNotContain("/admin").doesNotContain("meta-data");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse " + url).isLessThan(500);
        return e;
    }

    static SSLContext tls() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
