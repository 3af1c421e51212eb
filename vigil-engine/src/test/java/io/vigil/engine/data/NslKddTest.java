package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reads and profiles the real NSL-KDD files from the shared datasets folder. */
class NslKddTest {

    /** Column names from the datasets README (taken from the ARFF header), then label and difficulty. */
    static final List<String> KDD_COLUMNS = columns();

    private static List<String> columns() {
        List<String> names = new ArrayList<>(List.of(("duration, protocol_type, service, flag, src_bytes, dst_bytes, land, "
                + "wrong_fragment, urgent, hot, num_failed_logins, logged_in, num_compromised, root_shell, su_attempted, "
                + "num_root, num_file_creations, num_shells, num_access_files, num_outbound_cmds, is_host_login, "
                + "is_guest_login, count, srv_count, serror_rate, srv_serror_rate, rerror_rate, srv_rerror_rate, "
                + "same_srv_rate, diff_srv_rate, srv_diff_host_rate, dst_host_count, dst_host_srv_count, "
                + "dst_host_same_srv_rate, dst_host_diff_srv_rate, dst_host_same_src_port_rate, "
                + "dst_host_srv_diff_host_rate, dst_host_serror_rate, dst_host_srv_serror_rate, dst_host_rerror_rate, "
                + "dst_host_srv_rerror_rate").split(",\\s*")));
        names.add("label");
        names.add("difficulty");
        return List.copyOf(names);
    }

    static Path dataset(String fileName) {
        String shared = System.getProperty("vigil.shared.dir");
        Path base = shared != null ? Path.of(shared) : Path.of("..", "..", "shared");
        Path file = base.resolve("datasets").resolve("nsl-kdd").resolve(fileName).normalize();
        assertThat(file).as("missing dataset file %s (set -Dvigil.shared.dir to the shared folder)",
                file.toAbsolutePath()).isRegularFile();
        return file;
    }

    @Test
    void kddTrainPlusReadsAndProfiles() throws IOException {
        Path file = dataset("KDDTrain+.txt");
        assertThat(KDD_COLUMNS).hasSize(43);
        DatasetProfile profile = null;
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 2; run++) { // the first run warms the JIT up
            long start = System.nanoTime();
            try (InputStream in = Files.newInputStream(file);
                 TableReader reader = TableReader.open(in, ReadOptions.detect().withColumns(KDD_COLUMNS), file.toString())) {
                assertThat(reader.detected().format()).isEqualTo(DataFormat.CSV);
                assertThat(reader.detected().delimiter()).isEqualTo(',');
                profile = DatasetProfiler.profile(reader, "label");
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("KDDTrain+ read+profile: %d ms (warm)%n", best / 1_000_000);

        assertThat(profile.rows()).isEqualTo(125_973);
        assertThat(profile.columns()).isEqualTo(43);
        Map<String, Long> labels = profile.classBalance().stream()
                .collect(Collectors.toMap(ValueCount::value, ValueCount::count));
        assertThat(labels).hasSize(23).containsEntry("normal", 67_343L).containsEntry("neptune", 41_214L)
                .containsEntry("satan", 3_633L).containsEntry("ipsweep", 3_599L).containsEntry("portsweep", 2_931L)
                .containsEntry("smurf", 2_646L).containsEntry("nmap", 1_493L).containsEntry("back", 956L)
                .containsEntry("teardrop", 892L).containsEntry("warezclient", 890L).containsEntry("pod", 201L)
                .containsEntry("guess_passwd", 53L).containsEntry("buffer_overflow", 30L)
                .containsEntry("warezmaster", 20L).containsEntry("land", 18L).containsEntry("imap", 11L)
                .containsEntry("rootkit", 10L).containsEntry("loadmodule", 9L).containsEntry("ftp_write", 8L)
                .containsEntry("multihop", 7L).containsEntry("phf", 4L).containsEntry("perl", 3L).containsEntry("spy", 2L);
        assertThat(profile.classBalance().get(0).value()).isEqualTo("normal");
        assertThat(profile.classBalance().get(0).fraction()).isEqualTo(67_343.0 / 125_973);

        Map<String, ColumnProfile> columns = profile.columnProfiles().stream()
                .collect(Collectors.toMap(ColumnProfile::name, c -> c));
        assertThat(columns.get("protocol_type").distinct()).isEqualTo(3);
        assertThat(columns.get("service").distinct()).isEqualTo(70);
        assertThat(columns.get("flag").distinct()).isEqualTo(11);
        assertThat(columns.get("protocol_type").type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(columns.get("src_bytes").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(columns.get("serror_rate").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(columns.get("serror_rate").numeric().max()).isEqualTo(1.0);
        assertThat(columns.get("difficulty").numeric().max()).isEqualTo(21.0);
        for (ColumnProfile column : profile.columnProfiles()) {
            assertThat(column.missing()).as(column.name()).isZero();
            assertThat(column.completeness()).as(column.name()).isEqualTo(100.0);
            if (column.numeric() != null) {
                assertThat(java.util.Arrays.stream(column.numeric().histogram().counts()).sum())
                        .as(column.name()).isEqualTo(125_973);
            }
        }
    }

    @Test
    void kddTrain20PercentArffReads() throws IOException {
        Path file = dataset("KDDTrain+_20Percent.arff");
        DatasetProfile profile;
        try (InputStream in = Files.newInputStream(file);
             TableReader reader = TableReader.open(in, ReadOptions.detect(), file.getFileName().toString())) {
            assertThat(reader.detected().format()).isEqualTo(DataFormat.ARFF);
            assertThat(reader.columnNames()).hasSize(42).startsWith("duration", "protocol_type").endsWith("class");
            assertThat(reader.declaredTypes()).containsEntry("duration", ColumnType.NUMERIC)
                    .containsEntry("protocol_type", ColumnType.CATEGORICAL).containsEntry("class", ColumnType.CATEGORICAL);
            profile = DatasetProfiler.profile(reader, "class");
        }
        assertThat(profile.rows()).isEqualTo(25_192);
        assertThat(profile.classBalance()).containsExactly(
                new ValueCount("normal", 13_449, 13_449.0 / 25_192), new ValueCount("anomaly", 11_743, 11_743.0 / 25_192));
        assertThat(profile.columnProfiles().get(2).distinct()).isEqualTo(66); // services in the 20 % subset (awk -F, on the data lines: 66)
    }
}
