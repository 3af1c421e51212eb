package io.vigil.server.serving.scoring;

import java.util.Arrays;

/**
 * One input tensor of an inference request, as it came in: its values are one model input's
 * column (or, for a matrix, every input's). {@code shape} is null when the request left it out.
 */
public record Tensor(String name, String datatype, long[] shape, RawColumn data) {
    public long declaredSize() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public String shapeText() {
        return shape == null ? "(none)" : Arrays.toString(shape);
    }
}
