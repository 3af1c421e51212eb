import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes the sample files of this folder (see README.md here). Run from the repository root:
 *
 * <pre>java examples/MakeExamples.java ../shared/datasets/nsl-kdd/KDDTest+.txt examples</pre>
 *
 * The NSL-KDD files are the first rows of KDDTest+.txt, as they are. The Zeek logs are made up by
 * a seeded generator below, with the columns, types and layout Zeek writes, so the same run
 * always writes the same bytes (a test checks that the committed files are this program's output).
 */
public final class MakeExamples {
    /** The 41 features, label and difficulty of an NSL-KDD row, in file order. */
    static final List<String> KDD_COLUMNS = List.of("duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes",
            "land", "wrong_fragment", "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised", "root_shell",
            "su_attempted", "num_root", "num_file_creations", "num_shells", "num_access_files", "num_outbound_cmds",
            "is_host_login", "is_guest_login", "count", "srv_count", "serror_rate", "srv_serror_rate", "rerror_rate",
            "srv_rerror_rate", "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate", "dst_host_count", "dst_host_srv_count",
            "dst_host_same_srv_rate", "dst_host_diff_srv_rate", "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate",
            "dst_host_serror_rate", "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate", "label",
            "difficulty");
    static final List<String> KDD_TEXT = List.of("protocol_type", "service", "flag", "label");
    static final int EVENTS = 20;

    static final String ZEEK_FIELDS = "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
            + "\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts"
            + "\tresp_ip_bytes\ttunnel_parents";
    static final String ZEEK_TYPES = "time\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool"
            + "\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]";
    static final DateTimeFormatter ZEEK_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    static final Instant DAY_ONE = Instant.parse("2026-11-02T00:00:00Z");

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java examples/MakeExamples.java ../shared/datasets/nsl-kdd/KDDTest+.txt examples");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        List<Map<String, Object>> events = kddEvents(Path.of(args[0]));
        StringBuilder jsonl = new StringBuilder();
        for (Map<String, Object> event : events) jsonl.append(json(event)).append('\n');
        write(out.resolve("events.jsonl"), jsonl.toString());
        write(out.resolve("infer-kdd.json"), inferRequest(events.subList(0, 2)));

        write(out.resolve("conn.log"), zeekLog(connections(new Random(1), DAY_ONE, 400), DAY_ONE));
        Instant dayTwo = DAY_ONE.plusSeconds(86_400);
        List<Map<String, Object>> nextDay = connections(new Random(2), dayTwo, 300);
        nextDay.add(117, exfiltration(new Random(3), dayTwo.plusSeconds(49_000)));
        write(out.resolve("conn-next-day.log"), zeekLog(nextDay, dayTwo));

        Random live = new Random(4);
        Instant dayThree = dayTwo.plusSeconds(86_400);
        List<Map<String, Object>> liveEvents = connections(live, dayThree, 2);
        liveEvents.add(exfiltration(live, dayThree.plusSeconds(1200)));
        liveEvents.add(dnsTunnel(live, dayThree.plusSeconds(1300)));
        StringBuilder zeekJson = new StringBuilder();
        for (Map<String, Object> c : liveEvents) zeekJson.append(json(zeekJsonEvent(c))).append('\n');
        write(out.resolve("conn.json.log"), zeekJson.toString());
    }

    // ---- NSL-KDD

    /** The first {@link #EVENTS} rows of KDDTest+.txt as records: numbers as written, text as strings. */
    static List<Map<String, Object>> kddEvents(Path kddTest) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : Files.readAllLines(kddTest, StandardCharsets.UTF_8).subList(0, EVENTS)) {
            String[] cells = line.split(",");
            Map<String, Object> event = new LinkedHashMap<>();
            for (int i = 0; i < KDD_COLUMNS.size(); i++) {
                String name = KDD_COLUMNS.get(i);
                event.put(name, KDD_TEXT.contains(name) ? cells[i] : new Number(cells[i]));
            }
            events.add(event);
        }
        return events;
    }

    /** An Open Inference Protocol v2 request for {@code events}: one tensor per input (the 41 features). */
    static String inferRequest(List<Map<String, Object>> events) {
        StringBuilder body = new StringBuilder("{\"inputs\": [\n");
        List<String> features = KDD_COLUMNS.subList(0, 41);
        for (int f = 0; f < features.size(); f++) {
            String name = features.get(f);
            List<Object> data = new ArrayList<>();
            for (Map<String, Object> event : events) data.add(event.get(name));
            body.append("  {\"name\": ").append(quote(name)).append(", \"shape\": [").append(events.size())
                    .append("], \"datatype\": \"").append(KDD_TEXT.contains(name) ? "BYTES" : "FP64").append("\", \"data\": [");
            for (int i = 0; i < data.size(); i++) body.append(i == 0 ? "" : ", ").append(value(data.get(i)));
            body.append("]}").append(f < features.size() - 1 ? ",\n" : "\n");
        }
        return body.append("],\n \"outputs\": [{\"name\": \"label\"}, {\"name\": \"confidence\"}, {\"name\": \"prediction_id\"}]}\n")
                .toString();
    }

    // ---- Zeek conn.log

    /** One day's connections of a small office network: name lookups, web, NTP, SSH to a server, some refused. */
    static List<Map<String, Object>> connections(Random random, Instant day, int count) {
        List<Map<String, Object>> all = new ArrayList<>();
        double t = day.getEpochSecond() + 300;
        for (int i = 0; i < count; i++) {
            t += 60 + random.nextDouble() * 300;
            double kind = random.nextDouble();
            String client = "192.168.1." + (10 + random.nextInt(30));
            int port = 49152 + random.nextInt(16000);
            Map<String, Object> c;
            if (kind < 0.40) {
                int query = 28 + random.nextInt(30);
                c = conn(t, random, client, port, "192.168.1.1", 53, "udp", "dns", 0.0004 + random.nextDouble() * 0.03,
                        query, query + 16 + random.nextInt(200), "SF", "Dd", 1, 1);
            } else if (kind < 0.70) {
                int packets = 8 + random.nextInt(60);
                c = conn(t, random, client, port, "198.51.100." + (10 + random.nextInt(12)), 443, "tcp", "ssl",
                        0.2 + random.nextDouble() * 40, 600 + random.nextInt(4000), 3000 + random.nextInt(400_000), "SF",
                        "ShADadFf", packets, packets * 2);
            } else if (kind < 0.82) {
                int packets = 5 + random.nextInt(30);
                c = conn(t, random, client, port, "203.0.113." + (20 + random.nextInt(10)), 80, "tcp", "http",
                        0.05 + random.nextDouble() * 4, 250 + random.nextInt(1200), 800 + random.nextInt(150_000), "SF",
                        "ShADadfF", packets, packets * 2);
            } else if (kind < 0.88) {
                c = conn(t, random, client, 123, "192.168.1.1", 123, "udp", "ntp", 0.001 + random.nextDouble() * 0.02,
                        48, 48, "SF", "Dd", 1, 1);
            } else if (kind < 0.93) {
                int packets = 30 + random.nextInt(200);
                c = conn(t, random, "192.168.1." + (10 + random.nextInt(3)), port, "192.168.1.5", 22, "tcp", "ssh",
                        30 + random.nextDouble() * 1800, 3000 + random.nextInt(40_000), 4000 + random.nextInt(90_000), "SF",
                        "ShAdDaFf", packets, packets);
            } else {
                boolean refused = random.nextBoolean();
                c = conn(t, random, client, port, "198.51.100." + (10 + random.nextInt(12)), refused ? 80 : 443, "tcp", null,
                        refused ? 0.0001 + random.nextDouble() * 0.001 : -1, 0, 0, refused ? "REJ" : "S0",
                        refused ? "Sr" : "S", 1, refused ? 1 : 0);
            }
            all.add(c);
        }
        return all;
    }

    /** A workstation sending 700 MB to an outside host over half an hour: what an exfiltration looks like in conn.log. */
    static Map<String, Object> exfiltration(Random random, Instant at) {
        return conn(at.getEpochSecond() + random.nextDouble(), random, "192.168.1.27", 51_812, "203.0.113.200", 443, "tcp", "ssl",
                1843.218, 734_003_200, 48_213, "SF", "ShADadFf", 510_000, 260_000);
    }

    /** Name lookups that carry megabytes for a quarter of an hour to an outside server: DNS tunnelling. */
    static Map<String, Object> dnsTunnel(Random random, Instant at) {
        return conn(at.getEpochSecond() + random.nextDouble(), random, "192.168.1.31", 40_022, "198.51.100.53", 53, "udp", "dns",
                912.407, 2_406_118, 311_240, "SF", "Dd", 18_204, 17_950);
    }

    /** One connection; a negative duration is unset (a connection never answered). */
    static Map<String, Object> conn(double ts, Random random, String origH, int origP, String respH, int respP, String proto,
                                    String service, double duration, long origBytes, long respBytes, String state, String history,
                                    long origPkts, long respPkts) {
        int header = proto.equals("udp") ? 28 : 52;
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ts", new Number(String.format(Locale.ROOT, "%.6f", ts)));
        c.put("uid", uid(random));
        c.put("id.orig_h", origH);
        c.put("id.orig_p", origP);
        c.put("id.resp_h", respH);
        c.put("id.resp_p", respP);
        c.put("proto", proto);
        c.put("service", service);
        c.put("duration", duration < 0 ? null : new Number(String.format(Locale.ROOT, "%.6f", duration)));
        c.put("orig_bytes", duration < 0 ? null : origBytes);
        c.put("resp_bytes", duration < 0 ? null : respBytes);
        c.put("conn_state", state);
        c.put("local_orig", true);
        c.put("local_resp", respH.startsWith("192.168."));
        c.put("missed_bytes", 0);
        c.put("history", history);
        c.put("orig_pkts", origPkts);
        c.put("orig_ip_bytes", origBytes + origPkts * header);
        c.put("resp_pkts", respPkts);
        c.put("resp_ip_bytes", respBytes + respPkts * header);
        c.put("tunnel_parents", null);
        return c;
    }

    /** Zeek's connection ids: "C" and 17 letters or digits. */
    static String uid(Random random) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder uid = new StringBuilder("C");
        for (int i = 0; i < 17; i++) uid.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return uid.toString();
    }

    /** A conn.log as Zeek writes it by default: a header of #-lines, tab-separated rows, "-" for unset fields. */
    static String zeekLog(List<Map<String, Object>> connections, Instant day) {
        StringBuilder log = new StringBuilder("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n")
                .append("#open\t").append(ZEEK_STAMP.format(day.plusSeconds(5))).append('\n')
                .append("#fields\t").append(ZEEK_FIELDS).append('\n')
                .append("#types\t").append(ZEEK_TYPES).append('\n');
        for (Map<String, Object> c : connections) {
            List<String> cells = new ArrayList<>();
            c.values().forEach(v -> cells.add(v == null ? "-" : v instanceof Boolean b ? (b ? "T" : "F") : v.toString()));
            log.append(String.join("\t", cells)).append('\n');
        }
        return log.append("#close\t").append(ZEEK_STAMP.format(day.plusSeconds(86_400))).append('\n').toString();
    }

    /** The same connection as Zeek's JSON logs write it: the dotted names as keys, unset fields left out. */
    static Map<String, Object> zeekJsonEvent(Map<String, Object> connection) {
        Map<String, Object> event = new LinkedHashMap<>();
        connection.forEach((k, v) -> {
            if (v != null) event.put(k, v);
        });
        return event;
    }

    // ---- compact JSON of flat records (names, numbers as written, booleans, plain text), as Zeek writes it

    /** A number kept as its text, so 0.00 stays 0.00. */
    record Number(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    static String json(Map<String, Object> record) {
        StringBuilder json = new StringBuilder("{");
        record.forEach((k, v) -> json.append(json.length() == 1 ? "" : ",").append(quote(k)).append(':').append(value(v)));
        return json.append('}').toString();
    }

    static String value(Object v) {
        return v == null ? "null" : v instanceof String s ? quote(s) : v.toString();
    }

    static String quote(String text) {
        if (!text.matches("[\\w.+\\- ]*")) throw new IllegalArgumentException("not a plain token: " + text);
        return '"' + text + '"';
    }

    static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        System.out.println("wrote " + file + " (" + content.getBytes(StandardCharsets.UTF_8).length + " bytes)");
    }
}
