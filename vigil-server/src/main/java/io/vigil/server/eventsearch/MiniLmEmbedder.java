package io.vigil.server.eventsearch;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * all-MiniLM-L6-v2 (384 dimensions) through LangChain4j: the ONNX model and its tokenizer ship inside the
 * jar and run in process on ONNX Runtime; nothing is downloaded. The model (90 MB) is loaded on first use,
 * once per JVM; a short sentence takes about 5 ms on one core (BENCHMARKS.md).
 */
public final class MiniLmEmbedder implements TextEmbedder {
    private volatile AllMiniLmL6V2EmbeddingModel model;

    @Override
    public String model() {
        return "all-minilm-l6-v2";
    }

    @Override
    public int dimensions() {
        return 384;
    }

    @Override
    public float[] embed(String text) {
        return loaded().embed(text.isBlank() ? "event" : text).content().vector();
    }

    private AllMiniLmL6V2EmbeddingModel loaded() {
        AllMiniLmL6V2EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) model = new AllMiniLmL6V2EmbeddingModel(Runnable::run); // batches embed on the caller's thread
                m = model;
            }
        }
        return m;
    }
}
