package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import io.vigil.cli.output.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil alerts channels list|create|delete|test|deliveries} over {@code /ml/alerts/channels} and
 * {@code /ml/alerts/deliveries}: where alerts are sent. A subcommand of {@code vigil alerts}; it finds
 * the client through the root command, so it works under whichever {@code alerts} command holds it.
 */
@Command(name = "channels", description = "Where alerts are sent: webhooks (signed), Slack, email.")
public final class AlertChannelsCommand {
    @Spec
    CommandSpec spec;

    private VigilCli cli() {
        return (VigilCli) spec.root().userObject();
    }

    @Command(name = "list", description = "Channels by name (never a secret: a Slack URL shows only its host).")
    int list(@Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli().run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/alerts/channels").param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("name", "type", "target", "enabled", "circuit", "id");
            for (JsonNode c : response.json().path("items")) {
                table.row(Formats.text(c, "name"), Formats.text(c, "type"), target(c), c.path("enabled").asBoolean() ? "yes" : "no",
                        Formats.text(c, "circuit"), Formats.text(c, "id"));
            }
            Pages.print(table, response.json(), "channel", session.out());
            return ExitCodes.OK;
        });
    }

    @Command(name = "create", description = {"Make a channel. A webhook's signing secret is printed once: keep it to verify X-Vigil-Signature.",
            "A Slack URL is a secret: give it with --target-file rather than on the command line."})
    int create(@Option(names = "--name", required = true, paramLabel = "NAME", description = "e.g. soc-webhook") String name,
               @Option(names = "--type", required = true, paramLabel = "TYPE", description = "webhook, slack or email") String type,
               @Option(names = "--target", paramLabel = "URL", description = "webhook or slack: the URL it posts to") String url,
               @Option(names = "--target-file", paramLabel = "FILE", description = "the URL from the first line of FILE") Path urlFile,
               @Option(names = "--recipient", paramLabel = "ADDRESS", description = "email: an address (repeat for more)") List<String> recipients,
               @Option(names = "--disabled", description = "make it disabled (nothing is sent until it is enabled)") boolean disabled) {
        return cli().run(spec, session -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("type", type);
            String target = url(url, urlFile);
            if (target != null) body.put("url", target);
            if (recipients != null) body.put("recipients", recipients);
            if (disabled) body.put("enabled", false);
            ApiResponse response = session.api().post(Query.path("/ml/alerts/channels"), body);
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            JsonNode c = response.json();
            if (c.hasNonNull("secret")) {
                session.out().println(c.path("secret").asText());
                session.err().println("signing secret of webhook " + Formats.text(c, "name") + " (id " + Formats.text(c, "id")
                        + "): shown once, keep it now");
            } else {
                session.out().println("created " + Formats.text(c, "type") + " channel " + Formats.text(c, "name") + " -> " + target(c)
                        + " (id " + Formats.text(c, "id") + ")");
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "delete", description = "Delete a channel and its deliveries.")
    int delete(@Parameters(paramLabel = "CHANNEL", description = "its name or id") String channel) {
        return cli().run(spec, session -> {
            session.api().delete(Query.path("/ml/alerts/channels/", channelId(session.api(), channel)));
            session.out().println("deleted alert channel " + channel);
            return ExitCodes.OK;
        });
    }

    @Command(name = "test", description = "Send a test message now; exit 1 if it was not delivered.")
    int test(@Parameters(paramLabel = "CHANNEL", description = "its name or id") String channel) {
        return cli().run(spec, session -> {
            ApiResponse response = session.api().post(Query.path("/ml/alerts/channels/", channelId(session.api(), channel), "/test"), Map.of());
            JsonNode r = response.json();
            boolean delivered = r.path("delivered").asBoolean();
            if (session.json()) {
                session.printJson(response);
            } else if (delivered) {
                session.out().println("delivered to " + Formats.text(r, "channel") + (r.path("status").isNull() ? "" : " (HTTP "
                        + r.path("status").asInt() + ")") + " in " + r.path("durationMs").asLong() + " ms");
            } else {
                session.err().println("not delivered to " + Formats.text(r, "channel") + ": " + Formats.text(r, "error"));
            }
            return delivered ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }

    @Command(name = "deliveries", description = "Deliveries, newest first: pending (waiting for a try), delivered, or failed (given up).")
    int deliveries(@Option(names = "--channel", paramLabel = "CHANNEL", description = "a channel's name or id") String channel,
                   @Option(names = "--alert", paramLabel = "ID", description = "an alert's id") String alert,
                   @Option(names = "--state", paramLabel = "STATE", description = "pending, delivered or failed") String state,
                   @Option(names = "--page", paramLabel = "N") Integer page, @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli().run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/alerts/deliveries")
                    .param("channelId", channel == null ? null : channelId(session.api(), channel)).param("alertId", alert)
                    .param("state", state).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
                return ExitCodes.OK;
            }
            Table table = new Table("created", "channel", "rule", "severity", "state", "tries", "last error", "id");
            for (JsonNode d : response.json().path("items")) {
                table.row(Formats.time(Formats.text(d, "createdAt")), Formats.text(d, "channelName"), Formats.text(d, "ruleName"),
                        Formats.text(d, "severity"), Formats.text(d, "state"), d.path("attempts").asInt(),
                        d.path("lastError").isNull() ? "-" : d.path("lastError").asText(), Formats.text(d, "id"));
            }
            Pages.print(table, response.json(), "delivery", session.out());
            return ExitCodes.OK;
        });
    }

    /** A webhook's URL, a Slack URL's host (all the server shows), or an email channel's addresses. */
    private static String target(JsonNode c) {
        if (c.path("url").isTextual()) return c.path("url").asText();
        List<String> to = new java.util.ArrayList<>();
        c.path("recipients").forEach(r -> to.add(r.asText()));
        return String.join(", ", to);
    }

    private static String url(String url, Path file) throws CliException {
        if (url != null && file != null) throw new CliException("give --target or --target-file, not both", ExitCodes.USAGE);
        if (file == null) return url;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) throw new CliException("--target-file " + file + " is empty", ExitCodes.USAGE);
            return lines.get(0).strip();
        } catch (IOException e) {
            throw new CliException("cannot read --target-file " + file + ": " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    /** The id of the channel {@code given} names: an id as it is, else the channel with exactly that name. */
    private static String channelId(ApiClient api, String given) throws Exception {
        if (Names.isId(given)) return given.strip();
        for (int page = 1; ; page++) {
            JsonNode answer = api.get(Query.path("/ml/alerts/channels").param("page", page).param("size", 500)).json();
            for (JsonNode c : answer.path("items")) {
                if (given.equals(c.path("name").asText())) return c.path("id").asText();
            }
            if (page >= answer.path("pages").asInt(1)) {
                throw new CliException("no alert channel named '" + given + "'", ExitCodes.FAILED);
            }
        }
    }
}
