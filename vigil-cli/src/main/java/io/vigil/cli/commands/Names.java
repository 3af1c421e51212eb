package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.CliException;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns what a user typed where a model or dataset is taken into its id: an id (a UUID) as it is,
 * else the one with exactly that name, found through the list API's name filter. The API itself
 * takes ids only; names are the client's convenience. Model names are unique. Dataset names need
 * not be: a name several datasets share is refused with their ids (exit 2, the command line must
 * say which), a name nothing has is an error (exit 1, as an unknown id is).
 */
final class Names {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** The list API's largest page. */
    private static final int PAGE = 500;

    private Names() {}

    static boolean isId(String given) {
        return UUID.matcher(given.strip()).matches();
    }

    /** The id of the model {@code given} names (null stays null). */
    static String model(ApiClient api, String given) throws Exception {
        if (given == null || isId(given)) return given == null ? null : given.strip();
        List<JsonNode> named = named(api, "/ml/models", "modelName", given);
        if (named.isEmpty()) throw new CliException("no model named '" + given + "'", ExitCodes.FAILED);
        return Formats.text(named.get(0), "id"); // names are unique
    }

    /** The id of the dataset {@code given} names (null stays null). */
    static String dataset(ApiClient api, String given) throws Exception {
        if (given == null || isId(given)) return given == null ? null : given.strip();
        List<JsonNode> named = named(api, "/ml/datasets", "name", given);
        if (named.isEmpty()) throw new CliException("no dataset named '" + given + "'", ExitCodes.FAILED);
        if (named.size() > 1) {
            StringBuilder message = new StringBuilder(named.size() + " datasets are named '" + given + "'; give one by its id:");
            for (JsonNode d : named) {
                message.append("\n  ").append(Formats.text(d, "id")).append("  ").append(Formats.text(d, "fileName"))
                        .append(", ").append(Formats.text(d, "rows")).append(" rows, uploaded ")
                        .append(Formats.time(Formats.text(d, "createdAt")));
            }
            throw new CliException(message.toString(), ExitCodes.USAGE);
        }
        return Formats.text(named.get(0), "id");
    }

    /** Every item of the list at {@code path} whose {@code field} is exactly {@code name}, over all pages. */
    private static List<JsonNode> named(ApiClient api, String path, String field, String name) throws Exception {
        List<JsonNode> named = new ArrayList<>();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            JsonNode answer = api.get(Query.path(path).param("name", name).param("page", page).param("size", PAGE)).json();
            for (JsonNode item : answer.path("items")) {
                if (name.equals(Formats.text(item, field))) named.add(item);
            }
            pages = answer.path("pages").asInt(1);
        }
        return named;
    }
}
