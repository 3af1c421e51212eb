package io.vigil.engine.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.engine.data.ColumnType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoldOutTest {

    @Test
    void eachRowDecidesByItsIndexAndSeedAndTheShareIsTheFraction() {
        int held = 0;
        for (long i = 0; i < 100_000; i++) if (HoldOut.heldOut(i, 42, 0.2)) held++;
        assertThat(held).isBetween(19_500, 20_500);
        for (long i = 0; i < 1000; i++) assertThat(HoldOut.heldOut(i, 42, 0.2)).isEqualTo(HoldOut.heldOut(i, 42, 0.2));
        int differ = 0;
        for (long i = 0; i < 1000; i++) if (HoldOut.heldOut(i, 42, 0.2) != HoldOut.heldOut(i, 43, 0.2)) differ++;
        assertThat(differ).as("another seed, another split").isGreaterThan(200);
        for (long i = 0; i < 1000; i++) assertThat(HoldOut.heldOut(i, 42, 0)).isFalse();
    }

    @Test
    void labelsAreReadAsATrainingTableReadsThemThenBinarized() {
        TrainingRows text = rows(ColumnType.CATEGORICAL, new TrainingRows.Binarize("normal", "attack"));
        assertThat(text.label(" normal ")).isEqualTo("normal");
        assertThat(text.label("neptune")).isEqualTo("attack");
        assertThat(text.label("?")).isNull();
        assertThat(text.label("")).isNull();
        TrainingRows numbers = rows(ColumnType.INTEGER, null);
        assertThat(numbers.label("1.0")).isEqualTo("1");
        assertThat(numbers.trains(7, null)).isFalse();
        assertThat(numbers.heldOut(7, null)).isFalse();
        assertThat(numbers.trains(7, "1")).isNotEqualTo(numbers.heldOut(7, "1"));
    }

    @Test
    void itsTextNamesTheReaderSettingsWithoutTheirValues() {
        TrainingRows r = new TrainingRows(URI.create("s3a://b/k"), Map.of("fs.s3a.bucket.b.secret.key", "s3cr3t"), false, ',', false,
                List.of("x", "label"), "label", null, null, 0.2, 1, 10);
        assertThat(r.toString()).contains("fs.s3a.bucket.b.secret.key").doesNotContain("s3cr3t");
    }

    private static TrainingRows rows(ColumnType type, TrainingRows.Binarize binarize) {
        return new TrainingRows(URI.create("file:///rows.csv"), Map.of(), true, ',', false, List.of("x", "label"), "label", type, binarize,
                0.2, 5, -1);
    }
}
