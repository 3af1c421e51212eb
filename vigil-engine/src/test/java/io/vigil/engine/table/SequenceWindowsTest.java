package io.vigil.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceWindowsTest {
    static final List<String> NAMES = List.of("host", "time", "bytes", "proto", "label");
    static final List<ColumnKind> KINDS = List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC,
            ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL);

    /** Two hosts, interleaved and out of time order. */
    static Table flows() {
        return Table.fromRows(List.of(
                new String[] {"a", "3", "30", "udp", "attack"},
                new String[] {"b", "1", "100", "tcp", "normal"},
                new String[] {"a", "1", "10", "tcp", "normal"},
                new String[] {"a", "2", "20", "tcp", "normal"},
                new String[] {"b", "5", "500", "udp", "attack"},
                new String[] {"a", "4", "40", "tcp", "attack"}).iterator(), NAMES, KINDS);
    }

    @Test
    void columnsAreTimeMajorWithTheLabelLast() {
        Table w = SequenceWindows.of(flows(), "host", "time", 3, List.of("bytes", "proto"), "label");
        assertThat(w.columnNames()).containsExactly("bytes_t-2", "proto_t-2", "bytes_t-1", "proto_t-1", "bytes_t0", "proto_t0", "label");
        assertThat(w.rowCount()).isEqualTo(6);
    }

    @Test
    void eachRowHoldsItsOwnKeysPrecedingEventsInOrder() {
        Table w = SequenceWindows.of(flows(), "host", "time", 3, List.of("bytes", "proto"), "label");
        // row 5 is host a at time 4: its window is times 2, 3, 4
        assertThat(w.row(5)).containsExactly("20", "tcp", "30", "udp", "40", "tcp", "attack");
        // row 0 is host a at time 3: times 1, 2, 3; host b's events never leak in
        assertThat(w.row(0)).containsExactly("10", "tcp", "20", "tcp", "30", "udp", "attack");
    }

    @Test
    void shortHistoriesArePaddedWithMissingCells() {
        Table w = SequenceWindows.of(flows(), "host", "time", 3, List.of("bytes", "proto"), "label");
        // row 4 is host b's second event: one predecessor, so only t-2 is padding
        assertThat(w.row(4)).containsExactly(null, null, "100", "tcp", "500", "udp", "attack");
        assertThat(w.numeric("bytes_t-2").isMissing(4)).isTrue();
        // row 2 is host a's first event
        assertThat(w.row(2)).containsExactly(null, null, null, null, "10", "tcp", "normal");
    }

    @Test
    void windowOfOneIsTheEventItselfAndTheLabelIsOptional() {
        Table w = SequenceWindows.of(flows(), "host", "time", 1, List.of("bytes"), null);
        assertThat(w.columnNames()).containsExactly("bytes_t0");
        assertThat(w.numeric("bytes_t0").values()).containsExactly(30, 100, 10, 20, 500, 40);
    }

    @Test
    void textOrderColumnsSortLexicographically() {
        Table t = Table.fromRows(List.of(
                new String[] {"x", "2024-01-02 00:00:00", "2"},
                new String[] {"x", "2024-01-01 00:00:00", "1"}).iterator(),
                List.of("k", "ts", "v"), List.of(ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL, ColumnKind.NUMERIC));
        Table w = SequenceWindows.of(t, "k", "ts", 2, List.of("v"), null);
        assertThat(w.row(0)).containsExactly("1", "2");
        assertThat(w.row(1)).containsExactly(null, "1");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> SequenceWindows.of(flows(), "host", "time", 0, List.of("bytes"), null))
                .hasMessageContaining("window must be >= 1");
        assertThatThrownBy(() -> SequenceWindows.of(flows(), "host", "time", 2, List.of("host"), null))
                .hasMessageContaining("cannot also be windowed");
    }
}
