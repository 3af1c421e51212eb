package io.vigil.server.eventsearch;

/** Turns text into a sentence vector. Implementations are safe to call from several threads. */
public interface TextEmbedder {

    /** The model's name, stored with each embedding: an embedding of another model is never reused. */
    String model();

    /** The number of components of every vector {@link #embed} answers. */
    int dimensions();

    /** The text's vector. */
    float[] embed(String text);
}
