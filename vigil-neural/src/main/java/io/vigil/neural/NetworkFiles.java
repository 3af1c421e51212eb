package io.vigil.neural;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network as bundle files, never Java serialization: {@code network.json} is DL4J's own
 * configuration JSON ({@code MultiLayerConfiguration.toJson}), {@code params.bin} the flattened
 * parameters in {@link ParamsCodec}'s format.
 */
final class NetworkFiles {
    static final String CONFIG = "network.json";
    static final String PARAMS = "params.bin";

    private NetworkFiles() {
    }

    static Map<String, byte[]> write(MultiLayerNetwork net) {
        return Map.of(CONFIG, net.getLayerWiseConfigurations().toJson().getBytes(StandardCharsets.UTF_8),
                PARAMS, ParamsCodec.encode(net.params().dup().castTo(DataType.FLOAT).toFloatVector()));
    }

    static MultiLayerNetwork read(String algorithm, Map<String, byte[]> files) {
        byte[] json = files.get(CONFIG);
        byte[] params = files.get(PARAMS);
        if (json == null || params == null) throw new IllegalArgumentException(algorithm + " bundle lacks " + CONFIG + " or " + PARAMS);
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(new String(json, StandardCharsets.UTF_8));
        float[] values = ParamsCodec.decode(params);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        if (values.length != net.numParams()) {
            throw new IllegalArgumentException(algorithm + " bundle has " + values.length + " parameters, its network needs " + net.numParams());
        }
        // init(params, false) did not keep the given values here (a round trip changed the outputs),
        // so initialise normally and then overwrite every parameter
        net.init();
        net.setParams(Nd4j.create(values, new long[] {1, values.length}, DataType.FLOAT));
        return net;
    }
}
