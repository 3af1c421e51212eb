package io.vigil.engine.classifiers;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.engine.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Cuts an XGBoost JSON model down to its first rounds (what early stopping keeps). */
final class XGBoostJsonTrim {
    private static final ObjectMapper JSON = ModelJson.MAPPER;

    private XGBoostJsonTrim() {
    }

    static byte[] keepRounds(byte[] json, int rounds) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json);
            ObjectNode model = (ObjectNode) root.path("learner").path("gradient_booster").path("model");
            ArrayNode indptr = (ArrayNode) model.get("iteration_indptr");
            int keepTrees = indptr.get(rounds).asInt();
            ArrayNode trees = (ArrayNode) model.get("trees");
            ArrayNode info = (ArrayNode) model.get("tree_info");
            while (trees.size() > keepTrees) trees.remove(trees.size() - 1);
            while (info.size() > keepTrees) info.remove(info.size() - 1);
            while (indptr.size() > rounds + 1) indptr.remove(indptr.size() - 1);
            ((ObjectNode) model.get("gbtree_model_param")).put("num_trees", Integer.toString(keepTrees));
            // XGBoost reads its own bare Infinity / NaN back, not quoted ones
            return JSON.writer().without(JsonWriteFeature.WRITE_NAN_AS_STRINGS).writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
