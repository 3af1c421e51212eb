package io.vigil.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.core.VigilException;
import io.vigil.server.settings.Sensitivity.Direction;
import io.vigil.server.settings.Thresholds.ModelTypeThresholds;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ladder 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, step by step, by hand. */
class SensitivityTest {
    @Test
    void raisingGoesToTheNextStepBelowAndLoweringToTheNextAbove() {
        assertThat(Sensitivity.step(0.85, Direction.RAISE)).isEqualTo(0.8);
        assertThat(Sensitivity.step(0.85, Direction.LOWER)).isEqualTo(0.9);
        assertThat(Sensitivity.step(0.99, Direction.LOWER)).as("the top stays").isEqualTo(0.99);
        assertThat(Sensitivity.step(0.5, Direction.RAISE)).as("the bottom stays").isEqualTo(0.5);
        assertThat(Sensitivity.step(0.73, Direction.RAISE)).as("between steps: the one below").isEqualTo(0.7);
        assertThat(Sensitivity.step(0.73, Direction.LOWER)).as("between steps: the one above").isEqualTo(0.8);
        assertThat(Sensitivity.step(0.3, Direction.LOWER)).as("below the ladder: its first step").isEqualTo(0.5);
        assertThat(Sensitivity.step(0.3, Direction.RAISE)).isEqualTo(0.3);
        assertThat(Sensitivity.step(0.995, Direction.RAISE)).isEqualTo(0.99);
    }

    @Test
    void aShiftMovesOneModelTypeAndKeepsCriticalAtLeastEvent() {
        Thresholds t = new Thresholds(new ModelTypeThresholds(0.5, 0.9, 0.5),
                Map.of("intrusion", new ModelTypeThresholds(0.85, 0.9, 0.2)));
        Thresholds raised = Sensitivity.shift(t, "intrusion", Direction.RAISE);
        assertThat(raised.of("intrusion")).isEqualTo(new ModelTypeThresholds(0.8, 0.85, 0.2));
        assertThat(raised.of("fraud")).as("others keep the default").isEqualTo(t.defaults());
        Thresholds fromDefault = Sensitivity.shift(t, "fraud", Direction.LOWER);
        assertThat(fromDefault.of("fraud")).isEqualTo(new ModelTypeThresholds(0.6, 0.95, 0.5));
        assertThat(fromDefault.defaults()).isEqualTo(t.defaults());
        // event 0.95, critical 0.99: one step up moves event only, and critical stays at least event
        Thresholds top = new Thresholds(t.defaults(), Map.of("x", new ModelTypeThresholds(0.95, 0.99, 0.5)));
        assertThat(Sensitivity.shift(top, "x", Direction.LOWER).of("x")).isEqualTo(new ModelTypeThresholds(0.99, 0.99, 0.5));
        assertThat(Thresholds.validate(Sensitivity.shift(top, "x", Direction.LOWER)).isEmpty()).isTrue();
        Thresholds atTop = Sensitivity.shift(top, "x", Direction.LOWER);
        assertThatThrownBy(() -> Sensitivity.shift(atTop, "x", Direction.LOWER)).isInstanceOf(VigilException.class)
                .hasMessageContaining("highest step");
    }

    @Test
    void aDirectionIsRaiseOrLower() {
        assertThat(Direction.of("raise")).isEqualTo(Direction.RAISE);
        assertThatThrownBy(() -> Direction.of("RAISE")).isInstanceOf(VigilException.class);
        assertThatThrownBy(() -> Direction.of(null)).isInstanceOf(VigilException.class).hasMessageContaining("got nothing");
    }
}
