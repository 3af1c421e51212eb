package io.vigil.engine.trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.engine.ModelJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles an XGBoost model saved as JSON ({@code Booster.toByteArray("json")}) into a
 * {@link FlatForest}. Only the JSON is read: scoring needs no native code afterwards.
 * Supports gbtree models with numeric splits and the objectives {@code binary:logistic},
 * {@code multi:softprob}/{@code multi:softmax} and the {@code reg:*} family.
 */
public final class XGBoostJsonCompiler {
    private static final ObjectMapper JSON = ModelJson.MAPPER;

    private XGBoostJsonCompiler() {
    }

    /** The objective named in a model JSON, e.g. {@code binary:logistic}. */
    public static String objective(byte[] modelJson) {
        return read(modelJson).path("learner").path("objective").path("name").asText();
    }

    public static FlatForest compile(byte[] modelJson) {
        return compile(read(modelJson), 1.0);
    }

    /**
     * Compiles several boosters into one forest whose leaves are weighted by each part's share of
     * the trees: averages independently trained chunks of a random forest. Base margins are taken from the first.
     */
    public static FlatForest compileAverage(List<byte[]> modelJsons) {
        List<JsonNode> roots = new ArrayList<>();
        double total = 0;
        for (byte[] json : modelJsons) {
            JsonNode root = read(json);
            roots.add(root);
            total += parallelTrees(root);
        }
        // XGBoost already divides each chunk's leaves by its own tree count: re-weight by its share
        List<FlatForest> parts = new ArrayList<>();
        for (JsonNode root : roots) parts.add(compile(root, parallelTrees(root) / total));
        return concat(parts);
    }

    private static int parallelTrees(JsonNode root) {
        return root.path("learner").path("gradient_booster").path("model").path("gbtree_model_param")
                .path("num_parallel_tree").asInt(1);
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not an XGBoost JSON model", e);
        }
    }

    private static FlatForest compile(JsonNode root, double leafWeight) {
        JsonNode learner = root.path("learner");
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText();
        if (!boosterName.equals("gbtree")) {
            throw new IllegalArgumentException("only gbtree models compile to a forest, got '" + boosterName + "'");
        }
        JsonNode params = learner.path("learner_model_param");
        int featureCount = params.path("num_feature").asInt();
        int numClass = params.path("num_class").asInt(0);
        int outputs = Math.max(1, numClass);
        String objective = learner.path("objective").path("name").asText();
        double[] base = baseMargins(params.path("base_score").asText(), outputs, objective);

        JsonNode model = booster.path("model");
        JsonNode trees = model.path("trees");
        JsonNode treeInfo = model.path("tree_info");
        int total = 0;
        for (JsonNode tree : trees) total += tree.path("left_children").size();

        int[] feature = new int[total];
        float[] threshold = new float[total];
        int[] left = new int[total];
        int[] right = new int[total];
        int[] missing = new int[total];
        float[] value = new float[total];
        float[] cover = new float[total];
        int[] roots = new int[trees.size()];
        int[] group = new int[trees.size()];

        int offset = 0;
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            JsonNode lc = tree.path("left_children");
            JsonNode rc = tree.path("right_children");
            JsonNode si = tree.path("split_indices");
            JsonNode sc = tree.path("split_conditions");
            JsonNode dl = tree.path("default_left");
            JsonNode sh = tree.path("sum_hessian");
            JsonNode st = tree.path("split_type");
            roots[t] = offset;
            group[t] = treeInfo.size() > t ? treeInfo.get(t).asInt() : 0;
            for (int i = 0; i < lc.size(); i++) {
                int n = offset + i;
                int l = lc.get(i).asInt();
                cover[n] = (float) sh.path(i).asDouble(0);
                if (l < 0) {
                    feature[n] = -1;
                    value[n] = (float) (sc.get(i).floatValue() * leafWeight);
                    left[n] = right[n] = missing[n] = n;
                } else {
                    if (st.size() > i && st.get(i).asInt() != 0) {
                        throw new IllegalArgumentException("categorical splits are not supported (tree " + t + ", node " + i + ")");
                    }
                    feature[n] = si.get(i).asInt();
                    threshold[n] = sc.get(i).floatValue();
                    left[n] = offset + l;
                    right[n] = offset + rc.get(i).asInt();
                    JsonNode d = dl.get(i);
                    boolean defaultLeft = d.isBoolean() ? d.asBoolean() : d.asInt() != 0;
                    missing[n] = defaultLeft ? left[n] : right[n];
                }
            }
            offset += lc.size();
        }
        return new FlatForest(feature, threshold, left, right, missing, value, cover, roots, group, base, featureCount);
    }

    /** XGBoost stores base_score in probability space for logistic objectives: turn it into a margin. */
    public static double[] baseMargins(String text, int outputs, String objective) {
        String s = text.strip();
        if (s.startsWith("[")) s = s.substring(1, s.length() - 1);
        String[] parts = s.split(",");
        double[] base = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            double p = Double.parseDouble(parts[Math.min(k, parts.length - 1)].strip());
            base[k] = switch (objective) {
                case "binary:logistic", "reg:logistic", "binary:logitraw" -> objective.equals("binary:logitraw") ? p : Math.log(p / (1 - p));
                default -> p;
            };
        }
        return base;
    }

    static FlatForest concat(List<FlatForest> parts) {
        int nodes = 0;
        int trees = 0;
        for (FlatForest f : parts) {
            nodes += f.nodeCount();
            trees += f.treeCount();
        }
        FlatForest first = parts.get(0);
        int[] feature = new int[nodes];
        float[] threshold = new float[nodes];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        int[] missing = new int[nodes];
        double[] value = new double[nodes];
        float[] cover = new float[nodes];
        int[] roots = new int[trees];
        int[] group = new int[trees];
        int n0 = 0;
        int t0 = 0;
        for (FlatForest f : parts) {
            for (int i = 0; i < f.nodeCount(); i++) {
                feature[n0 + i] = f.feature[i];
                threshold[n0 + i] = f.threshold[i];
                left[n0 + i] = f.left[i] + n0;
                right[n0 + i] = f.right[i] + n0;
                missing[n0 + i] = f.missing[i] + n0;
                value[n0 + i] = f.value[i];
                cover[n0 + i] = f.cover == null ? 0 : f.cover[i];
            }
            for (int t = 0; t < f.treeCount(); t++) {
                roots[t0 + t] = f.roots[t] + n0;
                group[t0 + t] = f.group[t];
            }
            n0 += f.nodeCount();
            t0 += f.treeCount();
        }
        return new FlatForest(feature, threshold, left, right, missing, value, cover, roots, group, first.base.clone(),
                first.featureCount);
    }
}
