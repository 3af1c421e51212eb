package io.vigil.server.persistence;

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
 * The day partitions of a table partitioned by range on a {@code timestamptz} column {@code at}:
 * one per UTC day, named {@code <table>_YYYYMMDD}, and a default one ({@code <table>_default}) for
 * rows no day covers yet, so an insert never fails. Made ahead and dropped whole by the table's
 * retention. Every change runs under one advisory lock per table, so instances sharing the
 * database take turns, and with a short lock timeout: the DDL needs the table to itself for a
 * moment, and must not hold its writers waiting behind a long reader; a change that times out is
 * tried again at the next run.
 */
public final class DayPartitions {
    private static final Logger log = LoggerFactory.getLogger(DayPartitions.class);
    private static final DateTimeFormatter NAME_DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);

    private final Jdbi jdbi;
    private final String table;
    private final Pattern dayName;
    private final AdvisoryLock lock;

    /** {@code table} is a constant of the code (never user input): it is written into DDL. */
    public DayPartitions(Jdbi jdbi, String table) {
        if (!table.matches("[a-z_]+")) throw new IllegalArgumentException("not a table name: " + table);
        this.jdbi = jdbi;
        this.table = table;
        this.dayName = Pattern.compile(table + "_(\\d{8})");
        this.lock = AdvisoryLock.named("vigil:" + table.replace('_', '-') + "-partitions");
    }

    public String table() {
        return table;
    }

    public String defaultPartition() {
        return table + "_default";
    }

    public String nameOf(LocalDate day) {
        return table + "_" + NAME_DAY.format(day);
    }

    public static LocalDate dayOf(Instant at) {
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
                .bind("table", table).mapTo(String.class).forEach(name -> {
                    Matcher m = dayName.matcher(name);
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
            h.execute("create temporary table moving_rows on commit drop as with moved as (delete from " + defaultPartition()
                    + " where " + range + " returning *) select * from moved");
            h.execute("create table " + name + " partition of " + table + " for values from ('" + bound(day) + "') to ('"
                    + bound(day.plusDays(1)) + "')");
            int moved = h.execute("insert into " + table + " select * from moving_rows");
            log.atInfo().addKeyValue("partition", name).addKeyValue("rowsMovedFromDefault", moved).log("day partition created");
            return true;
        });
    }

    /** Makes the partitions of {@code today} and the {@code ahead} days after it; answers how many it made. */
    public int createAhead(LocalDate today, int ahead) {
        int made = 0;
        for (int d = 0; d <= ahead; d++) {
            if (create(today.plusDays(d))) made++;
        }
        return made;
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
                log.atInfo().addKeyValue("partition", nameOf(day)).log("day partition dropped: past its retention");
            }
        }
        return dropped;
    }

    private void lock(Handle h) {
        lock.lock(h, LOCK_TIMEOUT);
    }
}
