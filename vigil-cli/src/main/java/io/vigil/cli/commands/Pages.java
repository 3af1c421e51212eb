package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;

/** Prints one page of a list answer ({items, page, size, total, pages}) with a "page 1/3, 45 datasets" footer. */
final class Pages {
    private Pages() {}

    static void print(Table table, JsonNode page, String noun, PrintWriter out) {
        long total = page.path("total").asLong(page.path("items").size());
        if (table.isEmpty()) {
            out.println("no " + plural(noun) + (page.path("page").asInt(1) > 1 ? " on page " + page.path("page").asInt() : ""));
        } else {
            table.print(out);
        }
        if (page.has("pages") && page.path("pages").asInt() > 1 || !table.isEmpty()) {
            out.println("page " + page.path("page").asInt(1) + "/" + Math.max(1, page.path("pages").asInt(1))
                    + ", " + total + " " + (total == 1 ? noun : plural(noun)));
        }
    }

    /** {@code dataset} → {@code datasets}, {@code key} → {@code keys}, {@code delivery} → {@code deliveries}. */
    static String plural(String noun) {
        boolean consonantY = noun.length() > 1 && noun.endsWith("y") && "aeiou".indexOf(noun.charAt(noun.length() - 2)) < 0;
        return consonantY ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
    }
}
