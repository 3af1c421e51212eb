package io.vigil.server.monitoring.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the prediction log to its retention, on every instance (safe side by side): makes the day
 * partitions of today and the next {@value #DAYS_AHEAD} days, drops the partitions wholly older than
 * the longest retention (the global one, or a model's own if longer), and deletes, row by row
 * within the partitions kept, the rows of models whose retention is shorter than that; the same
 * for the prediction log's older tables, feedback and the per-minute figures, which are small.
 * So with one retention for all, old data goes by dropping whole days (a day's rows linger until
 * all of its day is past the retention); a model kept longer than the rest makes the others'
 * rows go one by one.
 */
public final class PredictionRetention {
    private static final Logger log = LoggerFactory.getLogger(PredictionRetention.class);
    /** Day partitions made ahead of today: two days of an instance (or its maintenance) being down before rows land in the default one. */
    public static final int DAYS_AHEAD = 2;
    /** How often it runs. */
    public static final Duration EVERY = Duration.ofHours(1);

    /**
     * The small tables by model and time, whose rows past their model's retention are deleted row by
     * row: the prediction log's tables before V7 (no longer written), feedback, per-minute figures.
     */
    private static final List<String[]> BY_ROW = List.of(
            new String[] {"predictions", "at"}, new String[] {"predictions_v4", "at"},
            new String[] {"prediction_feedback", "predicted_at"}, new String[] {"prediction_minutes", "minute"},
            new String[] {"prediction_minute_classes", "minute"});
    private static final String OWN_DAYS = "coalesce((select r.days from model_retention r where r.model_id = t.model_id), :global)";

    /**
     * What one run did.
     *
     * @param created the day partitions made
     * @param dropped the day partitions dropped
     * @param deleted rows deleted one by one, over all tables
     */
    public record Outcome(List<LocalDate> created, List<LocalDate> dropped, long deleted) {}

    private final Jdbi jdbi;
    private final PredictionPartitions partitions;
    private final ModelRetention retention;
    private final Clock clock;

    public PredictionRetention(Jdbi jdbi, ModelRetention retention, Clock clock) {
        this.jdbi = jdbi;
        this.partitions = new PredictionPartitions(jdbi);
        this.retention = retention;
        this.clock = clock;
    }

    /** One run, at the clock's time. */
    public Outcome run() {
        Instant now = clock.instant();
        LocalDate today = PredictionPartitions.dayOf(now);
        List<LocalDate> created = new ArrayList<>();
        for (int d = 0; d <= DAYS_AHEAD; d++) {
            if (partitions.create(today.plusDays(d))) {
                created.add(today.plusDays(d));
            }
        }
        Map<UUID, Integer> own = retention.ownSettings();
        int global = retention.globalDays();
        int longest = Math.max(global, own.values().stream().mapToInt(Integer::intValue).max().orElse(global));
        int shortest = Math.min(global, own.values().stream().mapToInt(Integer::intValue).min().orElse(global));
        Instant keepFrom = now.minus(Duration.ofDays(longest));
        List<LocalDate> dropped = partitions.dropBefore(keepFrom);
        long deleted = deleteDefaultRowsBefore(keepFrom) + deleteShorterKept(now, global, shortest, longest)
                + deleteByModel(now, global, shortest);
        if (!created.isEmpty() || !dropped.isEmpty() || deleted > 0) {
            log.atInfo().addKeyValue("partitionsCreated", created.size()).addKeyValue("partitionsDropped", dropped.size())
                    .addKeyValue("rowsDeleted", deleted).addKeyValue("retentionDays", global).addKeyValue("longestDays", longest)
                    .log("prediction log retention applied");
        }
        return new Outcome(Collections.unmodifiableList(created), dropped, deleted);
    }

    /** Rows past every retention that the default partition holds (no day partition covered them when they came). */
    private long deleteDefaultRowsBefore(Instant keepFrom) {
        return jdbi.withHandle(h -> h.createUpdate("delete from " + PredictionPartitions.DEFAULT_PARTITION + " where at < :keepFrom")
                .bind("keepFrom", keepFrom.atOffset(ZoneOffset.UTC)).execute());
    }

    /**
     * In the partitions kept for the longest retention, the prediction log's rows of models kept
     * less long; nothing when every model has the same retention (whole days go instead).
     */
    private long deleteShorterKept(Instant now, int global, int shortest, int longest) {
        if (shortest == longest) {
            return 0;
        }
        return jdbi.withHandle(h -> h.createUpdate("delete from " + PredictionPartitions.TABLE + " t where t.at < :before and "
                        + OWN_DAYS + " < :longest and t.at < :now - make_interval(days => " + OWN_DAYS + ")")
                .bind("before", now.minus(Duration.ofDays(shortest)).atOffset(ZoneOffset.UTC)).bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("global", global).bind("longest", longest).execute());
    }

    /** Every row of the small tables older than its model's retention (its own, else {@code global}). */
    private long deleteByModel(Instant now, int global, int shortest) {
        Instant before = now.minus(Duration.ofDays(shortest)); // no row younger than this is past any retention
        long deleted = 0;
        for (String[] table : BY_ROW) {
            String name = table[0];
            String at = table[1];
            deleted += jdbi.withHandle(h -> h.createUpdate("delete from " + name + " t where t." + at + " < :before and t." + at
                            + " < :now - make_interval(days => " + OWN_DAYS + ")")
                    .bind("before", before.atOffset(ZoneOffset.UTC)).bind("now", now.atOffset(ZoneOffset.UTC)).bind("global", global)
                    .execute());
        }
        return deleted;
    }
}
