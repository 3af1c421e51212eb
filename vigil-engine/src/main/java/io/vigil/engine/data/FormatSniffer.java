package io.vigil.engine.data;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Guesses the format and the CSV delimiter from the start of a file. */
final class FormatSniffer {

    /** Candidate delimiters, in order of preference on ties. */
    static final char[] DELIMITERS = {',', '\t', ';', '|'};
    private static final int SAMPLE_RECORDS = 50;
    private static final double CONSISTENT = 0.9;

    private FormatSniffer() {
    }

    /**
     * ZEEK if the text starts with Zeek's {@code #separator} line; ARFF if the first non-comment
     * line is {@code @relation}; EVE, COWRIE, CEF or LEEF by {@link LogSniffer}'s rules; JSONL if the
     * text starts with '{'; else CSV.
     */
    static DataFormat sniffFormat(String head) throws DataFormatException {
        if (head.startsWith("#separator ")) {
            return DataFormat.ZEEK;
        }
        for (String line : head.split("\r\n|\r|\n", 200)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("%")) {
                continue;
            }
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("@relation")) {
                return DataFormat.ARFF;
            }
            break;
        }
        DataFormat log = LogSniffer.sniff(head);
        if (log != null) {
            return log;
        }
        String text = head.stripLeading();
        if (text.startsWith("{")) {
            return DataFormat.JSONL;
        }
        if (text.startsWith("[")) {
            throw new DataFormatException(
                    "the file looks like a JSON array; upload JSON Lines instead (one JSON object per line)", -1);
        }
        return DataFormat.CSV;
    }

    /**
     * The delimiter that splits the sampled records into the same number (at least 2) of fields
     * most consistently; among consistent candidates the one giving more fields wins. Parsing is
     * done by FastCSV so quoted delimiters and quoted line breaks are not miscounted.
     */
    static char sniffDelimiter(String head, boolean headIsWholeFile) {
        String sample = head;
        if (!headIsWholeFile) {
            int lastBreak = Math.max(head.lastIndexOf('\n'), head.lastIndexOf('\r'));
            sample = lastBreak > 0 ? head.substring(0, lastBreak) : head;
        }
        char best = ',';
        double bestConsistency = 0;
        int bestFields = 1;
        for (char candidate : DELIMITERS) {
            List<Integer> counts = fieldCounts(sample, candidate);
            if (!headIsWholeFile && counts.size() > 1) {
                counts.remove(counts.size() - 1); // may be cut by the sample boundary inside quotes
            }
            if (counts.isEmpty()) {
                continue;
            }
            Map<Integer, Integer> frequency = new HashMap<>();
            int mode = 0;
            int modeFrequency = 0;
            for (int count : counts) {
                int f = frequency.merge(count, 1, Integer::sum);
                if (f > modeFrequency || (f == modeFrequency && count > mode)) {
                    mode = count;
                    modeFrequency = f;
                }
            }
            if (mode < 2) {
                continue;
            }
            double consistency = (double) modeFrequency / counts.size();
            boolean better = consistency >= CONSISTENT
                    ? bestConsistency < CONSISTENT || mode > bestFields
                    : bestConsistency < CONSISTENT && consistency > bestConsistency;
            if (better) {
                best = candidate;
                bestConsistency = consistency;
                bestFields = mode;
            }
        }
        return bestConsistency >= CONSISTENT ? best : ',';
    }

    private static List<Integer> fieldCounts(String sample, char delimiter) {
        List<Integer> counts = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder()
                .fieldSeparator(delimiter)
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true)
                .ofCsvRecord(sample)) {
            for (CsvRecord record : reader) {
                counts.add(record.getFieldCount());
                if (counts.size() >= SAMPLE_RECORDS) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // A sample FastCSV cannot parse with this delimiter simply does not vote for it.
        }
        return counts;
    }
}
