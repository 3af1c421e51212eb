package io.vigil.server.eventsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;

/** The one-core session gives LangChain4j's own vectors: same model file, same pooling, unit length. */
class MiniLmEmbedderTest {

    @Test
    void sameVectorsAsLangChain4jsModel() {
        String text = "Botnet C2 beaconing from an infected host every 60 seconds.";
        float[] ours = new MiniLmEmbedder().embed(text);
        float[] theirs = new AllMiniLmL6V2EmbeddingModel().embed(text).content().vector();
        assertThat(ours).hasSize(384);
        double norm = 0;
        for (int i = 0; i < ours.length; i++) {
            assertThat((double) ours[i]).isCloseTo(theirs[i], within(1e-5));
            norm += ours[i] * ours[i];
        }
        assertThat(norm).isCloseTo(1.0, within(1e-4));
    }
}
