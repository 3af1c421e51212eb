package io.vigil.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.ExitCodes;
import io.vigil.cli.Session;
import io.vigil.cli.VigilCli;
import io.vigil.cli.http.ApiResponse;
import io.vigil.cli.http.Query;
import io.vigil.cli.output.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil jobs list|show|cancel|logs} over {@code /ml/jobs}. */
@Command(name = "jobs", description = "Watch and cancel training jobs.")
public final class JobsCommand {
    @ParentCommand
    VigilCli cli;

    @Spec
    CommandSpec spec;

    @Command(name = "list", description = "List jobs.")
    int list(
            @Option(names = "--state", paramLabel = "S", description = "queued, running, succeeded, failed, cancelled") String state,
            @Option(names = "--model", paramLabel = "ID", description = "only this model's jobs (id or name)") String model,
            @Option(names = "--kind", paramLabel = "K", description = "e.g. train") String kind,
            @Option(names = "--page", paramLabel = "N") Integer page,
            @Option(names = "--size", paramLabel = "N") Integer size) {
        return cli.run(spec, session -> {
            ApiResponse response = session.api().get(Query.path("/ml/jobs")
                    .param("state", state).param("modelId", Names.model(session.api(), model)).param("kind", kind).param("page", page).param("size", size));
            if (session.json()) {
                session.printJson(response);
            } else {
                JsonNode answer = response.json();
                Pages.print(JobViews.table(answer.path("items")), answer, "job", session.out());
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "show", description = "One job: state, progress, timings, result.")
    int show(@Parameters(paramLabel = "ID", description = "job id") String id) {
        return cli.run(spec, session -> session.show(session.api().get(Query.path("/ml/jobs/", id)), JobViews::printJob));
    }

    @Command(name = "cancel", description = "Cancel a queued or running job.")
    int cancel(@Parameters(paramLabel = "ID", description = "job id") String id) {
        return cli.run(spec, session -> session.show(session.api().post(Query.path("/ml/jobs/", id, "/cancel"), null), (job, out) -> {
            String state = Formats.text(job, "state");
            boolean stopping = job.path("cancelRequested").asBoolean(false) && !JobViews.isFinished(job);
            out.println("job " + id + (state == null ? " cancelled" : ": " + state) + (stopping ? " (cancel requested, stopping)" : ""));
        }));
    }

    @Command(name = "logs", description = "A job's log lines; --follow keeps printing until the job ends.")
    int logs(
            @Parameters(paramLabel = "ID", description = "job id") String id,
            @Option(names = {"-f", "--follow"}, description = "poll every second until the job has finished") boolean follow,
            @Option(names = "--since", paramLabel = "SEQ", description = "only lines after this sequence number") Long since) {
        return cli.run(spec, session -> {
            Long next = since;
            while (true) {
                // read the state before the lines, so no line written before the end is missed
                boolean finished = !follow || JobViews.isFinished(session.api().get(Query.path("/ml/jobs/", id)).json());
                next = printLogs(session, id, next, follow);
                if (finished) return ExitCodes.OK;
                Thread.sleep(JobWatcher.POLL_INTERVAL.toMillis());
            }
        });
    }

    /** Prints the lines after {@code since}; answers the {@code next} cursor. */
    private static Long printLogs(Session session, String id, Long since, boolean follow) throws Exception {
        ApiResponse response = session.api().get(Query.path("/ml/jobs/", id, "/logs").param("since", since));
        JsonNode answer = response.json();
        if (session.json()) {
            if (follow) {
                // one JSON line per log line, so a follower can be piped into jq
                for (JsonNode line : answer.path("lines")) session.out().println(line.toString());
            } else {
                session.printJson(response);
            }
        } else {
            for (JsonNode line : answer.path("lines")) {
                session.out().println(String.join("  ",
                        String.valueOf(Formats.time(Formats.text(line, "at"))),
                        String.format("%-5s", String.valueOf(Formats.text(line, "level"))),
                        String.valueOf(Formats.text(line, "message"))));
            }
        }
        session.out().flush();
        return answer.hasNonNull("next") ? Long.valueOf(answer.path("next").asLong()) : since;
    }
}
