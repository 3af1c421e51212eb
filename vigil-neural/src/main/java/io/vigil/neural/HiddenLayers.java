package io.vigil.neural;

import io.vigil.engine.algorithms.InvalidHyperparameterException;

/** Parses the {@code hidden_layers} hyperparameter: comma-separated layer widths such as {@code "64,32"}. */
final class HiddenLayers {
    static final int MAX_LAYERS = 8;
    static final int MAX_WIDTH = 4096;

    private HiddenLayers() {
    }

    static int[] parse(String algorithm, String text) {
        String where = "hyperparameter 'hidden_layers' of " + algorithm;
        String[] parts = text.trim().split("\\s*,\\s*");
        if (text.isBlank() || parts.length > MAX_LAYERS) {
            throw new InvalidHyperparameterException(where + " must list 1 to " + MAX_LAYERS + " layer widths like \"64,32\", got '" + shortened(text) + "'");
        }
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                widths[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                widths[i] = -1;
            }
            if (widths[i] < 1 || widths[i] > MAX_WIDTH) {
                throw new InvalidHyperparameterException(where + ": each width must be an integer in [1, " + MAX_WIDTH + "], got '" + shortened(parts[i]) + "'");
            }
        }
        return widths;
    }

    /** A message quotes what was wrong, not a whole document. */
    private static String shortened(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
