package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.core.VigilException;
import org.junit.jupiter.api.Test;

class DatasetImportsTest {

    @Test
    void withoutAnImportDirectoryEveryPathIsRefusedWithWhatToDoInstead() {
        DatasetImports off = new DatasetImports(null, null);
        assertThatThrownBy(() -> off.resolve("flows.csv"))
                .isInstanceOf(VigilException.class)
                .hasMessageContaining("upload the dataset (POST /ml/datasets)")
                .hasMessageContaining("imports.dir");
    }
}
