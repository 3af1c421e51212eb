package io.vigil.server.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a request may change, read cheaply enough to compare after every batch of a long run: each
 * table of the database (its rows' count and an order-free checksum of their text) and each file of
 * the data directory (its name and size: blobs are content-addressed, so a name is its content).
 *
 * <p>Left out, because they grow legitimately while nothing else may change: {@code audit_log}
 * (append-only; it records refusals, 401 and 403, on purpose), the prediction log
 * ({@code predictions}, {@code predictions_v4}, {@code prediction_batches} and its day partitions,
 * which the retention task makes and drops; written off the request path), the per-minute counts
 * of predictions (added every minute off the request path), the alerts, models' health and the
 * monitoring schedule (written by the evaluation rounds and the threat watch off the request path:
 * the alert rules they follow change only through accepted requests, and are compared), the
 * security events and incidents that predictions raise (stored off the request path, with their
 * embeddings), the event log and the search index that follow them ({@code events}, {@code search}:
 * Lucene also rewrites its files in the background), the live events too large for a notification
 * that are relayed to other instances ({@code relayed_events}, written off the request path), the
 * failed logins (a wrong password is counted on purpose, in {@code login_failures}, for every
 * instance to see), and the scratch directory (request bodies in flight; {@link #leftovers} checks
 * it is empty at the end).
 */
final class StoreState implements AutoCloseable {
    static final Set<String> GROWING_TABLES = Set.of("audit_log", "predictions", "predictions_v4", "prediction_batches",
            "prediction_minutes", "prediction_minute_classes", "alerts", "model_health", "monitoring_schedule", "security_events",
            "security_event_embeddings", "incidents", "incident_activity", "relayed_events", "login_failures");
    /** The data directory's folders written off the request path as events are stored: the event log and the search index. */
    static final java.util.regex.Pattern GROWING_FILES = java.util.regex.Pattern.compile("(events(-\\d+)?|(instance-\\d+/)?search)/.*");
    /** The prediction log's day partitions and default partition: {@code prediction_batches_*}. */
    static final String PREDICTION_LOG_PARTITIONS = "prediction_batches_";

    /** The tables' {@code count:checksum} by name, and the data directory's files' sizes by path. */
    record Snapshot(Map<String, String> tables, Map<String, Long> files) {
        /** What differs in {@code after}, in words; empty if nothing. */
        List<String> changesTo(Snapshot after) {
            List<String> changes = new ArrayList<>();
            Set<String> tableNames = new TreeSet<>(tables.keySet());
            tableNames.addAll(after.tables.keySet());
            for (String table : tableNames) {
                if (!java.util.Objects.equals(tables.get(table), after.tables.get(table))) {
                    changes.add("table " + table + ": " + rows(tables.get(table)) + " rows before, " + rows(after.tables.get(table))
                            + " after" + (rows(tables.get(table)).equals(rows(after.tables.get(table))) ? ", contents changed" : ""));
                }
            }
            Set<String> paths = new TreeSet<>(files.keySet());
            paths.addAll(after.files.keySet());
            for (String path : paths) {
                if (!java.util.Objects.equals(files.get(path), after.files.get(path))) {
                    changes.add("file " + path + ": " + (files.containsKey(path) ? files.get(path) + " bytes" : "absent") + " before, "
                            + (after.files.containsKey(path) ? after.files.get(path) + " bytes" : "absent") + " after");
                }
            }
            return changes;
        }

        private static String rows(String countAndSum) {
            return countAndSum == null ? "no table" : countAndSum.substring(0, countAndSum.indexOf(':'));
        }
    }

    private final Connection connection;
    private final Path dataDir;
    private final Path scratchDir;
    private final String query;

    StoreState(String jdbcUrl, String user, String password, Path dataDir, Path scratchDir) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        if (password != null) {
            credentials.setProperty("password", password);
        }
        this.connection = DriverManager.getConnection(jdbcUrl, credentials);
        this.dataDir = dataDir;
        this.scratchDir = scratchDir;
        this.query = checksumQuery();
    }

    /** One query over every table the API may change (read now, so a table a migration adds is in it). */
    private String checksumQuery() throws SQLException {
        List<String> parts = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet tables = s.executeQuery(
                "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'"
                        + " order by table_name")) {
            while (tables.next()) {
                String table = tables.getString(1);
                if (!GROWING_TABLES.contains(table) && !table.startsWith(PREDICTION_LOG_PARTITIONS) && table.matches("[a-z_0-9]+")) {
                    parts.add("select '" + table + "', count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '')"
                            + " from \"" + table + "\" t");
                }
            }
        }
        return String.join(" union all ", parts);
    }

    Snapshot take() {
        Map<String, String> tables = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                tables.put(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's state", e);
        }
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.filter(p -> !p.startsWith(scratchDir) && Files.isRegularFile(p)
                    && !GROWING_FILES.matcher(dataDir.relativize(p).toString()).matches()).forEach(p -> files.put(dataDir.relativize(p).toString(),
                    p.toFile().length()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the data directory", e);
        }
        return new Snapshot(tables, files);
    }

    /** Waits for no job to be queued or running and no retraining awaiting its decision; answers whether that came within {@code max}. */
    boolean awaitIdleJobs(Duration max) throws InterruptedException {
        Instant deadline = Instant.now().plus(max);
        while (!unfinishedJobs().isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** The jobs queued or running, as {@code kind id state}. */
    List<String> unfinishedJobs() {
        // a retraining's job ends before its decision (validating and perhaps deploying the new version) is made
        // off the request path: until then the store still moves
        List<String> open = new ArrayList<>(strings("select kind || ' ' || id || ' ' || state from jobs where state in ('queued', 'running')"
                + " order by created_at"));
        open.addAll(strings("select 'retraining ' || id || ' ' || outcome from retraining_triggers where outcome in ('training', 'deciding')"));
        return open;
    }

    /**
     * What a finished run must not leave: a job queued or running, a model still {@code training}
     * with no job to end it, a file in the scratch directory, or a partial file ({@code .part}) anywhere in the data directory.
     */
    List<String> leftovers() {
        List<String> left = new ArrayList<>();
        unfinishedJobs().forEach(job -> left.add("job still " + job));
        strings("select name from models where status = 'training'").forEach(model -> left.add("model still training: " + model));
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.filter(Files::isRegularFile).filter(p -> p.startsWith(scratchDir) || p.getFileName().toString().endsWith(".part"))
                    .forEach(p -> left.add("file left behind: " + dataDir.relativize(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the data directory", e);
        }
        return left;
    }

    private List<String> strings(String sql) {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database", e);
        }
        return values;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
