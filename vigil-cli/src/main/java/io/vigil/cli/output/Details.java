package io.vigil.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Aligned "label:  value" lines describing one thing; absent values are left out. */
public final class Details {
    private final List<String[]> lines = new ArrayList<>();

    public Details add(String label, Object value) {
        if (value != null && !value.toString().isEmpty()) lines.add(new String[] {label, value.toString()});
        return this;
    }

    public void print(PrintWriter out) {
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0) + 1;
        for (String[] line : lines) {
            out.println(String.format("%-" + width + "s  %s", line[0] + ":", line[1]));
        }
    }
}
