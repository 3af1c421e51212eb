package io.vigil.server.monitoring.retraining;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.core.FieldError;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.models.ModelStatus;
import io.vigil.server.models.RegisteredModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A policy's defaults, and every bad field named in one answer. */
class RetrainingPolicyTest {
    static final RegisteredModel LABELLED = model("label");
    static final RegisteredModel UNLABELLED = model(null);

    @Test
    void aFieldLeftOutTakesItsDefaultAndATriggerLeftOutDoesNotFire() {
        RetrainingPolicy p = RetrainingPolicy.defaults();

        assertThat(p.enabled()).isTrue();
        assertThat(p.window()).isEqualTo("24h");
        assertThat(p.windowLength()).isEqualTo(Duration.ofHours(24));
        assertThat(p.minFeedback()).isEqualTo(100);
        assertThat(p.includeFeedback()).isFalse();
        assertThat(p.promotionRule()).isEqualTo(Promotion.IF_BETTER);
        assertThat(p.metric()).isEqualTo("accuracy");
        assertThat(p.minImprovement()).isZero();
        assertThat(p.cooldownLength()).isEqualTo(Duration.ofHours(6));
        assertThat(p.triggers()).isEmpty();
        assertThat(problems(p, LABELLED)).isEmpty();
    }

    @Test
    void aGoodPolicyPasses() {
        RetrainingPolicy p = new RetrainingPolicy(true, 0.3, 0.85, "1h", 50, "0 3 * * 1", true, "challenger", "f1", 0.01, "0m");

        assertThat(problems(p, LABELLED)).isEmpty();
        assertThat(p.triggers()).containsExactly("driftShare", "accuracyFloor", "schedule");
        assertThat(p.cooldownLength()).isZero();
    }

    @Test
    void everyBadFieldIsNamedWithWhatItTakes() {
        RetrainingPolicy p = new RetrainingPolicy(true, 1.5, 0.0, "2y", 0, "61 * * * *", false, "sometimes", "speed", -0.1, "forever");

        Map<String, String> problems = problems(p, LABELLED);

        assertThat(problems).containsOnlyKeys("driftShare", "accuracyFloor", "window", "minFeedback", "schedule", "promotion", "metric",
                "minImprovement", "cooldown");
        assertThat(problems.get("schedule")).contains("Unix cron");
        assertThat(problems.get("promotion")).contains("if_better", "challenger", "never");
        assertThat(problems.get("window")).contains("2y");
    }

    @Test
    void aWindowOrCooldownBeyondThirtyDaysIsRefusedAndAZeroWindowToo() {
        assertThat(problems(new RetrainingPolicy(null, null, null, "31d", null, null, null, null, null, null, "31d"), LABELLED))
                .containsOnlyKeys("window", "cooldown");
        assertThat(problems(new RetrainingPolicy(null, null, null, "0m", null, null, null, null, null, null, null), LABELLED))
                .containsOnlyKeys("window");
    }

    @Test
    void aModelWithoutLabelsCannotTakeFeedbackLabelsNorBeComparedButMayRegister() {
        Map<String, String> problems = problems(new RetrainingPolicy(null, null, null, null, null, null, true, "if_better", null, null,
                null), UNLABELLED);

        assertThat(problems).containsOnlyKeys("includeFeedback", "promotion");
        assertThat(problems(new RetrainingPolicy(null, 0.5, null, null, null, null, false, "never", null, null, null), UNLABELLED))
                .isEmpty();
    }

    static Map<String, String> problems(RetrainingPolicy p, RegisteredModel model) {
        FieldErrors errors = new FieldErrors();
        p.check(errors, model);
        return errors.list().stream().collect(java.util.stream.Collectors.toMap(FieldError::field, FieldError::message));
    }

    static RegisteredModel model(String target) {
        return new RegisteredModel(UUID.randomUUID(), "m", "intrusion", "gbm", Map.of(), null, List.of(), target, null, null, List.of(),
                true, ModelStatus.DEPLOYED, 1, 1, "admin", Instant.EPOCH, Instant.EPOCH);
    }
}
