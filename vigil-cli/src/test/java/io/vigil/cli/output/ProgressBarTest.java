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

    @Test
    void withoutATerminalItPrintsALinePerPhaseAndPerTenth() {
        StringWriter err = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(err), false);
        bar.draw(0, "loading data");
        for (int round = 1; round <= 100; round++) {
            bar.draw(0.05 + 0.85 * round / 100, "training round " + round + "/100");
        }
        bar.draw(0.97, "saving");
        bar.draw(1, "saving");
        bar.finish();

        String[] lines = err.toString().split("\n");
        assertThat(err.toString()).doesNotContain("\r");
        assertThat(lines).hasSize(13).startsWith("[--------------------]   0% loading data",
                "[#-------------------]   5% training round 1/100", "[##------------------]  10% training round 6/100");
        assertThat(lines[11]).isEqualTo("[###################-]  97% saving");
        assertThat(lines[12]).isEqualTo("[####################] 100% saving");
    }
}
