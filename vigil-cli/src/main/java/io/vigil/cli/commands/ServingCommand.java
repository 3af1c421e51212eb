package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil serving stats} over {@code /ml/serving/stats}: what the serving side holds and counts. */
@Command(name = "serving", description = "What serving holds and counts: loaded models, the prediction cache, the prediction log.")
public final class ServingCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "stats", description = "Loaded model versions and their memory, cache hits and misses, prediction log backlog and drops.")
    int stats() {
        return cli.run(spec, session ->
                session.show(session.api().get(Query.path("/ml/serving/stats")), ServingCommand::print));
    }

    static void print(JsonNode stats, PrintWriter out) {
        JsonNode memory = stats.path("modelMemory");
        JsonNode loaded = stats.path("loadedModels");
        out.println("loaded models: " + loaded.size() + (memory.isObject() ? ", " + Formats.bytes(memory.path("usedBytes").asLong())
                + " of a " + Formats.bytes(memory.path("budgetBytes").asLong()) + " budget (least recently used first)" : ""));
        if (!loaded.isEmpty()) {
            Table table = new Table("model", "name", "type", "version", "size");
            for (JsonNode v : loaded) {
                table.row(Formats.text(v, "modelId"), Formats.text(v, "name"), Formats.text(v, "modelType"), Formats.text(v, "version"),
                        v.hasNonNull("bytes") ? Formats.bytes(v.path("bytes").asLong()) : null);
            }
            table.print(out);
        }
        JsonNode cache = stats.path("cache");
        out.println();
        out.println("prediction cache: " + (cache.path("enabled").asBoolean() ? "on, " + Formats.text(cache, "size") + " entries, "
                + Formats.text(cache, "hits") + " hits, " + Formats.text(cache, "misses") + " misses ("
                + Formats.percent(cache.path("hitRate").asDouble()) + " hit rate)" : "off"));
        JsonNode log = stats.path("recording");
        out.println("prediction log: " + Formats.text(log, "written") + " written, " + Formats.text(log, "queued") + " queued, "
                + Formats.text(log, "dropped") + " left out (past the log's rate or a full queue), " + Formats.text(log, "failed") + " failed");
    }
}
