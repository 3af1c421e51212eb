package io.vigil.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataFormatTest {

    @Test
    void namesAreCaseInsensitive() {
        assertThat(DataFormat.fromName("CSV")).contains(DataFormat.CSV);
        assertThat(DataFormat.fromName(" tsv ")).contains(DataFormat.TSV);
        assertThat(DataFormat.fromName("NDJSON")).contains(DataFormat.JSONL);
        assertThat(DataFormat.fromName("json-lines")).contains(DataFormat.JSONL);
        assertThat(DataFormat.fromName("jsonl")).contains(DataFormat.JSONL);
        assertThat(DataFormat.fromName("Arff")).contains(DataFormat.ARFF);
        assertThat(DataFormat.fromName("xlsx")).isEmpty();
        assertThat(DataFormat.fromName(null)).isEmpty();
    }

    @Test
    void fileNamesByExtensionIgnoringGzip() {
        assertThat(DataFormat.fromFileName("flows.csv")).contains(DataFormat.CSV);
        assertThat(DataFormat.fromFileName("dir/flows.CSV.gz")).contains(DataFormat.CSV);
        assertThat(DataFormat.fromFileName("events.ndjson.gz")).contains(DataFormat.JSONL);
        assertThat(DataFormat.fromFileName("x.tsv")).contains(DataFormat.TSV);
        assertThat(DataFormat.fromFileName("KDDTest+.arff")).contains(DataFormat.ARFF);
        assertThat(DataFormat.fromFileName("KDDTrain+.txt")).isEmpty();
        assertThat(DataFormat.fromFileName("data.gz")).isEmpty();
        assertThat(DataFormat.fromFileName("noextension")).isEmpty();
        assertThat(DataFormat.fromFileName(null)).isEmpty();
    }
}
