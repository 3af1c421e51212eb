package io.vigil.engine.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    static final List<String> NAMES = List.of("bytes", "proto", "label");
    static final List<ColumnKind> KINDS = List.of(ColumnKind.NUMERIC, ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL);

    static Table sample() {
        return Table.fromRows(List.of(
                new String[] {"10", "tcp", "normal"},
                new String[] {"", "udp", "attack"},
                new String[] {"2.5", null, "normal"},
                new String[] {"?", "tcp", "attack"}).iterator(), NAMES, KINDS);
    }

    @Test
    void storesNumbersAsDoublesAndCategoriesAsCodes() {
        Table t = sample();
        assertThat(t.rowCount()).isEqualTo(4);
        NumericColumn bytes = t.numeric("bytes");
        assertThat(bytes.values()).hasSize(4);
        assertThat(bytes.get(0)).isEqualTo(10.0);
        assertThat(bytes.isMissing(1)).isTrue();
        assertThat(bytes.isMissing(3)).isTrue();
        CategoricalColumn proto = t.categorical("proto");
        assertThat(proto.dictionary()).containsExactly("tcp", "udp");
        assertThat(proto.codes()).containsExactly(0, 1, CategoricalColumn.MISSING, 0);
        assertThat(proto.counts()).containsExactly(2, 1);
        assertThat(t.row(2)).containsExactly("2.5", null, "normal");
    }

    @Test
    void selectsRowsInGivenOrder() {
        Table t = sample().select(new int[] {3, 0});
        assertThat(t.rowCount()).isEqualTo(2);
        assertThat(t.row(0)).containsExactly(null, "tcp", "attack");
        assertThat(t.row(1)).containsExactly("10", "tcp", "normal");
    }

    @Test
    void contentHashIsStableAndSensitive() {
        assertThat(sample().contentSha256()).isEqualTo(sample().contentSha256()).hasSize(64);
        Table other = Table.fromRows(List.<String[]>of(new String[] {"11", "tcp", "normal"}).iterator(), NAMES, KINDS);
        assertThat(other.contentSha256()).isNotEqualTo(sample().contentSha256());
    }

    @Test
    void missingTokensAndInfinitiesAreMissingAsTheProfilerCountsThem() {
        Table t = Table.fromRows(List.of(
                new String[] {"Infinity", "N/A", "x"},
                new String[] {"-inf", "NULL", "x"},
                new String[] {"1e400", " tcp ", "x"},   // beyond a double: no infinity in a column
                new String[] {" 7 ", "NaN", "x"}).iterator(), NAMES, KINDS);
        NumericColumn bytes = t.numeric("bytes");
        assertThat(bytes.isMissing(0)).isTrue();
        assertThat(bytes.isMissing(1)).isTrue();
        assertThat(bytes.isMissing(2)).isTrue();
        assertThat(bytes.get(3)).isEqualTo(7.0);
        assertThat(t.categorical("proto").codes()).containsExactly(CategoricalColumn.MISSING, CategoricalColumn.MISSING, 0,
                CategoricalColumn.MISSING);
        assertThat(t.categorical("proto").dictionary()).containsExactly("tcp");
    }

    @Test
    void rejectsTextInNumericColumnNamingRowAndColumn() {
        assertThatThrownBy(() -> Table.fromRows(List.<String[]>of(new String[] {"ten", "tcp", "x"}).iterator(), NAMES, KINDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1").hasMessageContaining("'bytes'").hasMessageContaining("'ten'");
    }

    @Test
    void mapsProfiledTypeNamesToStorageKinds() {
        assertThat(ColumnKind.forTypeName("INTEGER")).isEqualTo(ColumnKind.NUMERIC);
        assertThat(ColumnKind.forTypeName("BOOLEAN")).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(ColumnKind.forTypeName("TEXT")).isEqualTo(ColumnKind.CATEGORICAL);
    }

    @Test
    void unknownColumnMessageListsColumns() {
        assertThatThrownBy(() -> sample().column("nope")).hasMessageContaining("nope").hasMessageContaining("bytes");
    }
}
