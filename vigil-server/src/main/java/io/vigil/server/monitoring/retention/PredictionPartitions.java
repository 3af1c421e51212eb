package io.vigil.server.monitoring.retention;

import io.vigil.server.persistence.DayPartitions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The day partitions of {@code prediction_batches} (V12), named {@code prediction_batches_YYYYMMDD},
 * with {@code prediction_batches_default} for rows no day covers yet: made ahead and dropped whole
 * by {@link PredictionRetention}, through {@link DayPartitions}.
 */
public final class PredictionPartitions {
    static final String TABLE = "prediction_batches";
    static final String DEFAULT_PARTITION = TABLE + "_default";

    private final DayPartitions days;

    public PredictionPartitions(Jdbi jdbi) {
        this.days = new DayPartitions(jdbi, TABLE);
    }

    static String nameOf(LocalDate day) {
        return TABLE + "_" + java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(day);
    }

    static LocalDate dayOf(Instant at) {
        return DayPartitions.dayOf(at);
    }

    /** The days that have a partition, in order. */
    public List<LocalDate> days() {
        return days.days();
    }

    /** Makes the partition of {@code day} unless it exists (see {@link DayPartitions#create}). */
    public boolean create(LocalDate day) {
        return days.create(day);
    }

    /** Drops the day partitions that end at or before {@code keepFrom}; answers the days dropped. */
    public List<LocalDate> dropBefore(Instant keepFrom) {
        return days.dropBefore(keepFrom);
    }
}
