package io.vigil.server.readme;

import java.util.ArrayList;
import java.util.List;

/** The fenced {@code bash} blocks of a Markdown file, each with the heading it sits under and its line. */
final class ReadmeBlocks {
    private ReadmeBlocks() {}

    /** One block: its text (without the fences), the nearest heading above it, the line of its opening fence. */
    record Block(int index, String heading, int line, String text) {
        /** Whether it starts or builds Vigil itself ({@code ./vigil serve}, {@code ./mvnw}): not part of a walk-through. */
        boolean startsVigil() {
            return text.contains("./vigil serve") || text.contains("./mvnw");
        }

        String firstLine() {
            return text.lines().findFirst().orElse("");
        }
    }

    static List<Block> bash(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String heading = "(top)";
        String fence = null; // the info string of the open fence, null outside a block
        int opened = 0;
        StringBuilder text = new StringBuilder();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (fence == null) {
                if (line.startsWith("```")) {
                    fence = line.substring(3).strip();
                    opened = i + 1;
                    text.setLength(0);
                } else if (line.startsWith("#")) {
                    heading = line.replaceFirst("^#+\\s*", "").strip();
                }
            } else if (line.startsWith("```")) {
                if (fence.equals("bash")) blocks.add(new Block(blocks.size() + 1, heading, opened, text.toString()));
                fence = null;
            } else {
                text.append(line).append('\n');
            }
        }
        return blocks;
    }
}
