package io.vigil.engine.datasets.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.datasets.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads NAB's series and a windows file ({@code labels/combined_windows.json} or its tiny subset). */
public final class NabCorpus {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private NabCorpus() {
    }

    /** The 58 series of {@code combined_windows.json}, in the order of that file. */
    public static List<NabSeries> all() {
        return load("combined_windows.json");
    }

    /** The series a windows file under {@code labels/} names, with its windows, in the order of that file. */
    public static List<NabSeries> load(String windowsFile) {
        Path labels = SharedData.dataset("nab/labels/" + windowsFile);
        Path data = labels.getParent().getParent().resolve("data");
        try {
            JsonNode root = new ObjectMapper().readTree(labels.toFile());
            List<NabSeries> series = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> file = it.next();
                List<LocalDateTime[]> windows = new ArrayList<>();
                for (JsonNode w : file.getValue()) {
                    windows.add(new LocalDateTime[] {time(w.get(0).asText()), time(w.get(1).asText())});
                }
                series.add(read(file.getKey(), data.resolve(file.getKey()), windows));
            }
            return series;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NabSeries read(String name, Path file, List<LocalDateTime[]> windows) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<LocalDateTime> times = new ArrayList<>(lines.size());
        double[] values = new double[lines.size()];
        int n = 0;
        for (int i = 1; i < lines.size(); i++) { // line 0 is the header timestamp,value
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int comma = line.indexOf(',');
            times.add(time(line.substring(0, comma)));
            values[n++] = Double.parseDouble(line.substring(comma + 1));
        }
        return new NabSeries(name, times.toArray(new LocalDateTime[0]), java.util.Arrays.copyOf(values, n), List.copyOf(windows));
    }

    /** NAB writes {@code 2014-02-19 10:50:00} in the data and {@code 2014-02-19 10:50:00.000000} in the labels. */
    static LocalDateTime time(String text) {
        return LocalDateTime.parse(text.substring(0, 19), TIME);
    }
}
