package io.vigil.engine.data;

import java.util.Locale;
import java.util.Optional;

/** The table formats Vigil can read: text tables, and packet captures read as a table of flows. */
public enum DataFormat {
    /** Comma (or other single-character) separated values, RFC 4180 quoting. */
    CSV,
    /** Tab separated values. */
    TSV,
    /** JSON Lines: one JSON object per line. */
    JSONL,
    /** Weka ARFF (dense rows only). */
    ARFF,
    /** Zeek (Bro) logs in their default tab-separated form, with their {@code #fields} header. */
    ZEEK,
    /** Suricata EVE JSON ({@code eve.json}): one event per line, nested objects as dotted columns. */
    EVE,
    /** Cowrie honeypot JSON logs ({@code cowrie.json}): one event per line, named by {@code eventid}. */
    COWRIE,
    /** ArcSight Common Event Format lines, optionally after a syslog prefix. */
    CEF,
    /** IBM QRadar Log Event Extended Format 1.0 and 2.0 lines, optionally after a syslog prefix. */
    LEEF,
    /**
     * A packet capture (pcap or pcapng, gzip-compressed or not) read as a table of flows
     * ({@link io.vigil.engine.capture.FlowExtractor}); recognised by its first bytes whatever its name.
     */
    PCAP;

    /**
     * Parses a user-facing format name: {@code csv}, {@code tsv}, {@code jsonl}, {@code ndjson},
     * {@code json-lines}, {@code arff}, {@code zeek} or {@code bro}, {@code eve} or {@code suricata},
     * {@code cowrie}, {@code cef}, {@code leef}, {@code pcap}, {@code pcapng} or {@code cap}
     * (case-insensitive, surrounding blanks ignored).
     */
    public static Optional<DataFormat> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> Optional.of(CSV);
            case "tsv", "tab" -> Optional.of(TSV);
            case "jsonl", "ndjson", "json-lines", "jsonlines" -> Optional.of(JSONL);
            case "arff" -> Optional.of(ARFF);
            case "zeek", "bro" -> Optional.of(ZEEK);
            case "eve", "suricata" -> Optional.of(EVE);
            case "cowrie" -> Optional.of(COWRIE);
            case "cef" -> Optional.of(CEF);
            case "leef" -> Optional.of(LEEF);
            case "pcap", "pcapng", "cap" -> Optional.of(PCAP);
            default -> Optional.empty();
        };
    }

    /**
     * Guesses the format from a file name's extension, ignoring a trailing {@code .gz}
     * ({@code traffic.csv.gz} is CSV). Unknown extensions such as {@code .txt} give empty.
     */
    public static Optional<DataFormat> fromFileName(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.trim().toLowerCase(Locale.ROOT);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String extension = name.substring(dot + 1);
        return extension.equals("json-lines") ? Optional.of(JSONL) : fromName(extension);
    }
}
