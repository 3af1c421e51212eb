package io.vigil.cli.commands;

import io.vigil.cli.CliException;
import io.vigil.cli.http.Query;
import picocli.CommandLine.Option;

/** The filters of {@code GET /ml/events}, shared by {@code events list}, {@code counts} and {@code search}. */
final class EventFilters {
    @Option(names = "--kind", paramLabel = "K", description = "prediction, rule, anomaly, alert or external")
    String kind;

    @Option(names = "--severity", paramLabel = "S", description = "info, warning or critical")
    String severity;

    @Option(names = "--asset", paramLabel = "A", description = "only this asset's")
    String asset;

    @Option(names = "--state", paramLabel = "S", description = "open (going on) or ended")
    String state;

    @Option(names = "--since", paramLabel = "WHEN", description = "going on since: an ISO time, or ago: 30m, 12h, 7d")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "going on before: an ISO time, or ago")
    String until;

    @Option(names = "--model-type", paramLabel = "T", description = "only verdicts of this model type (detection slot)")
    String modelType;

    @Option(names = "--divergent", description = "only verdicts on which the model and the rules disagreed")
    boolean divergent;

    @Option(names = "--rule", paramLabel = "R", description = "only events on which this rule fired")
    String rule;

    @Option(names = "--entity", paramLabel = "E", description = "a source or destination host, asset or user")
    String entity;

    @Option(names = "--incident", paramLabel = "ID", description = "only this incident's events")
    String incident;

    /** {@code query} with the filters given. */
    Query apply(Query query) throws CliException {
        return query.param("assetId", asset).param("severity", severity).param("state", state).param("kind", kind)
                .param("since", Times.when("--since", since)).param("until", Times.when("--until", until))
                .param("modelType", modelType).param("divergent", divergent ? "true" : null).param("rule", rule)
                .param("entity", entity).param("incident", incident);
    }
}
