package io.vigil.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Category inputs whose values have a shape that rarely makes a good model input, so training
 * can say so: dates and times in a format not read as timestamps ({@code 3/7/2017 8:55}, as
 * CIC-IDS2017 writes them), whose values are the minutes of the training data, and host
 * addresses (IPv4, IPv6 or MAC), with which a model learns particular hosts. Both stay inputs:
 * whether they are the signal or a leak is the user's call.
 */
public final class CategoryShapes {

    /** The shapes worth a word. */
    public enum Shape { DATE_TIME, HOST_ADDRESS }

    /** One category input and the shape most of its values share, with one of them as an example. */
    public record Hint(String input, Shape shape, String example) {}

    /** Values looked at per input: the shape of a column shows in its first few. */
    static final int SAMPLE = 200;
    /** Share of the sampled values that must have the shape. */
    static final double SHARE = 0.9;

    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{1,4}[/.-]\\d{1,2}[/.-]\\d{1,4}(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:\\s*[AaPp][Mm])?)?");
    private static final Pattern IPV4 = Pattern.compile("(?:\\d{1,3}\\.){3}\\d{1,3}");
    // IPv6 (full, or shortened with "::") and MAC addresses: six to eight hex groups joined by colons;
    // three groups without "::" are a time of day
    private static final Pattern COLON_HEX = Pattern.compile("[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}");

    private CategoryShapes() {
    }

    /** The category inputs of {@code pipeline} whose values mostly have one of the shapes. */
    public static List<Hint> of(Pipeline pipeline) {
        List<Hint> hints = new ArrayList<>();
        for (FeatureEncoder encoder : pipeline.encoders()) {
            List<String> values = encoder instanceof OrdinalEncoder o ? o.values()
                    : encoder instanceof OneHotEncoder h ? h.values() : List.of();
            Hint hint = of(encoder.column(), values);
            if (hint != null) hints.add(hint);
        }
        return hints;
    }

    static Hint of(String input, List<String> values) {
        List<String> sample = values.subList(0, Math.min(SAMPLE, values.size()));
        for (Shape shape : Shape.values()) {
            long matching = sample.stream().filter(v -> has(shape, v.trim())).count();
            if (!sample.isEmpty() && matching >= SHARE * sample.size()) {
                String example = sample.stream().filter(v -> has(shape, v.trim())).findFirst().orElseThrow();
                return new Hint(input, shape, example);
            }
        }
        return null;
    }

    static boolean has(Shape shape, String value) {
        return switch (shape) {
            case DATE_TIME -> DATE_TIME.matcher(value).matches();
            case HOST_ADDRESS -> IPV4.matcher(value).matches()
                    || COLON_HEX.matcher(value).matches() && (value.contains("::") || value.chars().filter(c -> c == ':').count() >= 5);
        };
    }
}
