package io.vigil.server.monitoring.retention;

import io.vigil.server.persistence.AdvisoryLock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The day partitions of {@code prediction_batches} (V12): one per UTC day, named
 * {@code prediction_batches_YYYYMMDD}, and a default one for rows no day covers yet. Made ahead and
 * dropped whole by {@link PredictionRetention}. Every change runs under one advisory lock, so
 * instances sharing the database take turns, and with a short lock timeout: the DDL needs the
 * table to itself for a moment, and must not hold the prediction log's writers waiting behind a
 * long reader; a change that times out is tried again at the next run.
 */
public final class PredictionPartitions {
    private static final Logger log = LoggerFactory.getLogger(PredictionPartitions.class);
    static final String TABLE = "prediction_batches";
    static final String DEFAULT_PARTITION = TABLE + "_default";
    private static final Pattern DAY = Pattern.compile(TABLE + "_(\\d{8})");
    private static final DateTimeFormatter NAME_DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** The lock of partition changes. */
    private static final AdvisoryLock LOCK = AdvisoryLock.named("vigil:prediction-partitions");
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

    private final Jdbi jdbi;

    public PredictionPartitions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    static String nameOf(LocalDate day) {
        return TABLE + "_" + NAME_DAY.format(day);
    }

    static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static String bound(LocalDate day) {
        return day + " 00:00:00+00";
    }

    /** The days that have a partition, in order. */
    public List<LocalDate> days() {
        List<LocalDate> days = new ArrayList<>();
        jdbi.useHandle(h -> h.createQuery("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " where i.inhparent = to_regclass(:table) order by c.relname")
                .bind("table", TABLE).mapTo(String.class).forEach(name -> {
                    Matcher m = DAY.matcher(name);
                    if (m.matches()) {
                        days.add(LocalDate.parse(m.group(1), NAME_DAY));
                    }
                }));
        return days;
    }

    /**
     * Makes the partition of {@code day} unless it exists; rows of that day the default partition
     * took meanwhile move into it. Answers whether it made one.
     */
    public boolean create(LocalDate day) {
        String name = nameOf(day);
        return jdbi.inTransaction(h -> {
            lock(h);
            if (h.createQuery("select to_regclass(:name) is not null").bind("name", name).mapTo(Boolean.class).one()) {
                return false;
            }
            String range = "at >= '" + bound(day) + "' and at < '" + bound(day.plusDays(1)) + "'";
            // a day partition may not be made while the default one holds rows of its day: take them out first
            h.execute("create temporary table moving_predictions on commit drop as with moved as (delete from " + DEFAULT_PARTITION
                    + " where " + range + " returning *) select * from moved");
            h.execute("create table " + name + " partition of " + TABLE + " for values from ('" + bound(day) + "') to ('"
                    + bound(day.plusDays(1)) + "')");
            int moved = h.execute("insert into " + TABLE + " select * from moving_predictions");
            log.atInfo().addKeyValue("partition", name).addKeyValue("rowsMovedFromDefault", moved).log("prediction log partition created");
            return true;
        });
    }

    /** Drops the day partitions that end at or before {@code keepFrom}; answers the days dropped. */
    public List<LocalDate> dropBefore(Instant keepFrom) {
        List<LocalDate> dropped = new ArrayList<>();
        for (LocalDate day : days()) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!end.isAfter(keepFrom)) {
                jdbi.useTransaction(h -> {
                    lock(h);
                    h.execute("drop table if exists " + nameOf(day));
                });
                dropped.add(day);
                log.atInfo().addKeyValue("partition", nameOf(day)).log("prediction log partition dropped: past its retention");
            }
        }
        return dropped;
    }

    private static void lock(Handle h) {
        LOCK.lock(h, LOCK_TIMEOUT);
    }
}
