package io.vigil.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place on stderr: {@code [##########----------] 50% training round 50/100}.
 * It is redrawn only when its text changes. When stderr goes to a file or a pipe (CI logs), a
 * carriage return does not redraw anything, so it prints a line per phase and per tenth instead.
 */
public final class ProgressBar {
    static final int WIDTH = 20;

    private final PrintWriter err;
    private final boolean inPlace;
    private String drawn = "";
    private String loggedStep = "";

    /** A bar redrawn in place, as on a terminal. */
    public ProgressBar(PrintWriter err) {
        this(err, true);
    }

    /**
     * @param inPlace redraw one line with carriage returns (a terminal); false prints whole lines,
     *                one per phase and per tenth of the way
     */
    public ProgressBar(PrintWriter err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    /** In place when the CLI runs in a terminal, whole lines otherwise. */
    public static ProgressBar forConsole(PrintWriter err) {
        return new ProgressBar(err, System.console() != null);
    }

    /** Draws a job's {@code progress} object: {fraction, phase, round, totalRounds}. */
    public void update(JsonNode progress) {
        if (progress == null || !progress.isObject()) return;
        double fraction = progress.path("fraction").asDouble(0);
        StringBuilder label = new StringBuilder();
        String phase = Formats.text(progress, "phase");
        if (phase != null) label.append(phase);
        if (progress.hasNonNull("round") && progress.hasNonNull("totalRounds") && progress.path("totalRounds").asLong() > 0) {
            if (label.length() > 0) label.append(' ');
            label.append("round ").append(progress.path("round").asLong()).append('/').append(progress.path("totalRounds").asLong());
        }
        draw(fraction, label.toString());
    }

    /** Draws the bar at {@code fraction} (0..1, clamped) with a label after the percentage. */
    public void draw(double fraction, String label) {
        String line = render(fraction, label);
        if (line.equals(drawn)) return;
        if (!inPlace) {
            String phase = label == null ? "" : label.replaceFirst(" round \\d+/\\d+$", "");
            String step = phase + "|" + (int) Math.floor(clamp(fraction) * 10);
            drawn = line;
            if (!step.equals(loggedStep)) {
                loggedStep = step;
                err.println(line);
                err.flush();
            }
            return;
        }
        // pad over the tail of a longer previous line
        String pad = " ".repeat(Math.max(0, drawn.length() - line.length()));
        err.print("\r" + line + pad);
        err.flush();
        drawn = line;
    }

    /** Ends the bar's line, so what follows starts on a fresh one. */
    public void finish() {
        if (inPlace && !drawn.isEmpty()) {
            err.println();
            err.flush();
        }
    }

    /** The text of the bar, e.g. "[##########----------] 50% training round 50/100". */
    public static String render(double fraction, String label) {
        double clamped = clamp(fraction);
        int filled = (int) Math.floor(clamped * WIDTH);
        String text = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(clamped * 100));
        return label == null || label.isBlank() ? text : text + " " + label;
    }

    private static double clamp(double fraction) {
        return Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    }
}
