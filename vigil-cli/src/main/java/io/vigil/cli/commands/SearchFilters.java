package io.vigil.cli.commands;

import io.vigil.cli.CliException;
import io.vigil.cli.http.Query;
import picocli.CommandLine.Option;

/** The filters {@code GET /ml/events/search} applies inside the search (a subset of the list's). */
final class SearchFilters {
    @Option(names = "--severity", paramLabel = "S", description = "info, warning or critical")
    String severity;

    @Option(names = "--since", paramLabel = "WHEN", description = "an ISO time, or ago: 30m, 12h, 7d")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "an ISO time, or ago")
    String until;

    @Option(names = "--model-type", paramLabel = "T", description = "only verdicts of this model type")
    String modelType;

    @Option(names = "--divergent", description = "only verdicts on which the model and the rules disagreed")
    boolean divergent;

    @Option(names = "--rule", paramLabel = "R", description = "only events on which this rule fired")
    String rule;

    Query apply(Query query) throws CliException {
        return query.param("severity", severity).param("since", Times.when("--since", since)).param("until", Times.when("--until", until))
                .param("modelType", modelType).param("divergent", divergent ? "true" : null).param("rule", rule);
    }
}
