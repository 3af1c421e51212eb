package io.vigil.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.http.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void rendersTheFractionAsABarAndAPercentage() {
        assertThat(ProgressBar.render(0.5, "training round 50/100")).isEqualTo("[##########----------]  50% training round 50/100");
        assertThat(ProgressBar.render(0, null)).isEqualTo("[--------------------]   0%");
        assertThat(ProgressBar.render(1, "succeeded")).isEqualTo("[####################] 100% succeeded");
        assertThat(ProgressBar.render(1.7, "")).isEqualTo("[####################] 100%");
        assertThat(ProgressBar.render(Double.NaN, "")).isEqualTo("[--------------------]   0%");
    }

    @Test
    void redrawsInPlaceOnlyWhenTheTextChangesAndClearsALongerLine() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err));
        JsonNode progress = Json.parse("{\"fraction\":0.25,\"phase\":\"training\",\"round\":25,\"totalRounds\":100}");

        bar.update(progress);
        bar.update(progress);
        bar.draw(0.5, "saving");
        bar.finish();

        assertThat(err.toString()).isEqualTo("\r[#####---------------]  25% training round 25/100"
                + "\r[##########----------]  50% saving" + " ".repeat(15) + "\n");
    }

    @Test
    void aProgressWithoutRoundsShowsThePhaseOnly() {
        StringWriter err = new StringWriter();
        new ProgressBar(new PrintWriter(err)).update(Json.parse("{\"fraction\":0.1,\"phase\":\"loading data\",\"round\":0,\"totalRounds\":0}"));

        assertThat(err.toString()).isEqualTo("\r[##------------------]  10% loading data");
    }
}
