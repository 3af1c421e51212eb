package io.vigil.server.eventsearch;

import io.vigil.server.eventsearch.EventTextParts.Contribution;
import io.vigil.server.eventsearch.FeatureScales.FeatureScale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The events the search tests look for: brute-force SSH logins, port scans, DNS tunnelling and botnet
 * beaconing, each rendered as text by {@link EventText}, with NSL-KDD-like inputs; and the test doubles
 * of the ports (stored events in a list, and their rows in {@code security_events} for the embeddings'
 * foreign key).
 */
final class SearchEvents {
    static final Instant NOW = Instant.parse("2026-12-05T14:30:00Z");
    static final Instant YESTERDAY = Instant.parse("2026-12-04T11:00:00Z");
    static final String TYPE = "nsl-kdd";
    static final List<FeatureScale> SCALES = List.of(new FeatureScale("duration", 20, 10), new FeatureScale("src_bytes", 1_000, 400),
            new FeatureScale("dst_bytes", 2_000, 800), new FeatureScale("num_failed_logins", 1, 2), new FeatureScale("count", 50, 25),
            new FeatureScale("diff_srv_rate", 0.2, 0.1));

    final Map<String, SearchableEvent> byName = new LinkedHashMap<>();

    SearchEvents() {
        add("ssh1", "critical", YESTERDAY, false, List.of("ssh-failed-logins"), "Brute-force SSH login attempts against db-1",
                "10.0.0.5", "db-1", "root", "SSH-Patator", input(2, 300, 200, 14, 80, 0.1), "num_failed_logins", 14);
        add("ssh2", "warning", NOW.minus(Duration.ofHours(2)), false, List.of("ssh-failed-logins"), "Repeated failed SSH passwords for admin",
                "10.0.0.9", "web-3", "admin", "SSH-Patator", input(3, 320, 180, 9, 60, 0.1), "num_failed_logins", 9);
        add("ssh3", "critical", NOW.minus(Duration.ofDays(3)), true, List.of("ssh-failed-logins"), "Password guessing over SSH on bastion",
                "172.16.4.2", "bastion", "ubuntu", "normal", input(1, 280, 220, 11, 70, 0.1), "num_failed_logins", 11);
        add("ssh4", "info", YESTERDAY.plusSeconds(600), false, List.of(), "A few failed SSH logins then a success",
                "10.0.0.7", "db-1", "alice", "normal", input(5, 400, 900, 3, 20, 0.1), "num_failed_logins", 3);
        add("scan1", "critical", YESTERDAY.plusSeconds(60), false, List.of("port-sweep"), "Port scan: one source probing hundreds of TCP ports",
                "198.51.100.7", "web-3", null, "PortScan", input(0, 0, 0, 0, 480, 0.95), "diff_srv_rate", 0.95);
        add("scan2", "critical", YESTERDAY.plusSeconds(3_600), false, List.of(), "SYN scan sweeping ports across the subnet",
                "198.51.100.9", "10.0.0.0/24", null, "PortScan", input(0, 0, 0, 0, 510, 0.9), "count", 510);
        add("scan3", "warning", YESTERDAY.plusSeconds(7_200), false, List.of(), "Slow port scan of the mail server",
                "203.0.113.4", "mail-1", null, "PortScan", input(1, 10, 0, 0, 200, 0.8), "diff_srv_rate", 0.8);
        add("scan4", "critical", NOW.minus(Duration.ofHours(1)), false, List.of("port-sweep"), "Nmap-style port scan on the DMZ",
                "203.0.113.8", "dmz-2", null, "PortScan", input(0, 0, 0, 0, 450, 0.97), "count", 450);
        add("dns1", "critical", YESTERDAY.plusSeconds(300), false, List.of("long-dns-names"), "DNS tunnelling: long encoded subdomains to one domain",
                "10.0.0.12", "resolver-1", null, "attack", input(60, 9_000, 300, 0, 30, 0.05), "src_bytes", 9_000);
        add("dns2", "warning", NOW.minus(Duration.ofHours(5)), true, List.of("long-dns-names"), "Data exfiltration over DNS TXT queries",
                "10.0.0.13", "resolver-1", null, "normal", input(80, 12_000, 500, 0, 25, 0.05), "src_bytes", 12_000);
        add("dns3", "warning", NOW.minus(Duration.ofDays(2)), false, List.of(), "High volume of DNS queries with random-looking labels",
                "10.0.0.14", "resolver-2", null, "attack", input(40, 7_000, 400, 0, 35, 0.05), "src_bytes", 7_000);
        add("dns4", "info", NOW.minus(Duration.ofDays(4)), false, List.of(), "Unusual DNS query lengths from a workstation",
                "10.0.0.15", "resolver-2", "bob", "normal", input(30, 4_000, 600, 0, 20, 0.05), "src_bytes", 4_000);
        add("bot1", "critical", NOW.minus(Duration.ofHours(3)), false, List.of("c2-periodic"), "Botnet C2 beaconing from an infected host",
                "10.0.0.21", "203.0.113.50", null, "Bot", input(1, 200, 200, 0, 10, 0.0), "duration", 1);
        add("bot2", "warning", YESTERDAY.plusSeconds(900), false, List.of(), "Beaconing: periodic callbacks every 60 seconds to a command-and-control server",
                "10.0.0.22", "203.0.113.51", null, "Bot", input(1, 210, 190, 0, 12, 0.0), "count", 12);
        add("bot3", "critical", NOW.minus(Duration.ofDays(1)), true, List.of(), "Beaconing to a C2 domain at fixed intervals from a compromised machine",
                "10.0.0.23", "c2.example.net", null, "Bot", input(1, 190, 210, 0, 11, 0.0), "duration", 1);
        add("bot4", "info", NOW.minus(Duration.ofDays(6)), false, List.of(), "Zombie host in a botnet checking in with its controller",
                "10.0.0.24", "203.0.113.52", null, "Bot", input(2, 220, 230, 0, 9, 0.0), "src_bytes", 220);
    }

    private static Map<String, Object> input(double duration, double src, double dst, double failed, double count, double diffSrv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("duration", duration);
        m.put("src_bytes", src);
        m.put("dst_bytes", dst);
        m.put("num_failed_logins", failed);
        m.put("count", count);
        m.put("diff_srv_rate", diffSrv);
        m.put("protocol_type", "tcp");
        return m;
    }

    private void add(String name, String severity, Instant at, boolean divergent, List<String> rules, String title, String source,
                     String destination, String user, String label, Map<String, Object> input, String topFeature, double topValue) {
        String text = EventText.render(new EventTextParts(rules.isEmpty() ? "prediction" : "rule", title, source, destination, null, user, TYPE,
                label, divergent && !rules.isEmpty() ? 0.2 : 0.9, rules.isEmpty() ? 0.0 : 0.85, 0.9, severity, divergent, rules,
                List.of(new Contribution(topFeature, topValue, 0.4)), List.of()));
        byName.put(name, new SearchableEvent(UUID.nameUUIDFromBytes(name.getBytes()), TYPE, at, severity, divergent, rules, input, text));
    }

    SearchableEvent get(String name) {
        return byName.get(name);
    }

    List<SearchableEvent> all() {
        return new ArrayList<>(byName.values());
    }

    String nameOf(UUID id) {
        return byName.entrySet().stream().filter(e -> e.getValue().id().equals(id)).map(Map.Entry::getKey).findFirst().orElse(id.toString());
    }

    List<String> names(List<SearchHit> hits) {
        return hits.stream().map(h -> nameOf(h.eventId())).toList();
    }

    /** The scales port: the one model type. */
    static FeatureScales scales() {
        return type -> TYPE.equals(type) ? Optional.of(SCALES) : Optional.empty();
    }

    /** Stores the events' rows (the columns V19 requires), so their embeddings may be stored. */
    static void insertRows(Jdbi jdbi, List<SearchableEvent> events) {
        jdbi.useHandle(h -> {
            for (SearchableEvent e : events) {
                h.createUpdate("insert into security_events (id, kind, severity, title, score, started_at, last_seen_at, created_at)"
                                + " values (:id, 'anomaly', :severity, 'test', 0.9, :at, :at, :at) on conflict do nothing")
                        .bind("id", e.id()).bind("severity", e.severity()).bind("at", e.at()).execute();
            }
        });
    }

    /** The stored-events port over a list the test controls. */
    static final class ListedEvents implements StoredEvents {
        final List<SearchableEvent> events = new ArrayList<>();

        @Override
        public long count() {
            return events.size();
        }

        @Override
        public void forEach(Consumer<? super SearchableEvent> sink) {
            events.forEach(sink);
        }
    }

    /** The real model, counting its calls. */
    static final class CountingEmbedder implements TextEmbedder {
        private static final MiniLmEmbedder MODEL = new MiniLmEmbedder();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String model() {
            return MODEL.model();
        }

        @Override
        public int dimensions() {
            return MODEL.dimensions();
        }

        @Override
        public float[] embed(String text) {
            calls.incrementAndGet();
            return MODEL.embed(text);
        }
    }
}
