package io.vigil.server.serving.api;

import java.util.List;

/** The Open Inference Protocol's fixed answers, field for field as the protocol names them. */
final class ProtocolAnswers {
    private ProtocolAnswers() {}

    /** {@code GET /v2/health/live}. */
    record Live(boolean live) {}

    /** {@code GET /v2}: the server and the protocol extensions it supports. */
    record ServerMetadata(String name, String version, List<String> extensions) {}

    /** {@code GET /v2/models/{name}/ready}. */
    record ModelReady(String name, boolean ready) {}

    /** {@code GET /v2/models/{name}}: its versions, what serves it, the tensors it takes and gives. */
    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs) {}

    /** A tensor's name, element type and shape ({@code -1}: any length). */
    record TensorMetadata(String name, String datatype, List<Integer> shape) {}
}
