package io.vigil.server.serving;

/**
 * A model's output for one encoded feature vector, as cached: the predicted class, the probability
 * per class and the raw margins. Never mutated after it is made.
 */
record Scored(int classIndex, double[] probabilities, double[] margins) {}
