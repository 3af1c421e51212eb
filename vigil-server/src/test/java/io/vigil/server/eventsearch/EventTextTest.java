package io.vigil.server.eventsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text rendering, word for word. */
class EventTextTest {

    @Test
    void everyPartInPlainSentences() {
        String text = EventText.render(new EventTextParts("prediction", "Possible SSH brute force", "10.0.0.5", "db-1", "db-1", "root",
                "nsl-kdd", "attack", 0.9312, 0.8, 0.9312, "critical", true, List.of("ssh-failed-logins", "many-logins"),
                List.of(new EventTextParts.Contribution("num_failed_logins", 12, 0.41), new EventTextParts.Contribution("service", "ssh", -0.05)),
                List.of("seen before from this range", " ")));
        assertThat(text).isEqualTo("Possible SSH brute force. Analyst note: seen before from this range. Prediction event, severity critical."
                + " The nsl-kdd model says attack (ML threat 0.93, rule threat 0.80, final threat 0.93)."
                + " Rules fired: ssh-failed-logins, many-logins. The rules and the ML model disagree."
                + " Source host 10.0.0.5, destination host db-1, asset db-1, user root."
                + " Top features: num_failed_logins = 12 (+0.41), service = ssh (-0.05).");
    }

    @Test
    void absentPartsAreLeftOut() {
        assertThat(EventText.render(new EventTextParts(null, null, null, null, null, null, null, null, null, null, null, null, false, null,
                null, null))).isEqualTo("Event.");
        assertThat(EventText.render(new EventTextParts("anomaly", "CPU spike", null, null, "web-7", null, null, null, null, null, 0.7,
                "warning", false, List.of(), List.of(), List.of()))).isEqualTo("CPU spike. Anomaly event, severity warning. Final threat 0.70."
                + " Asset web-7.");
    }
}
