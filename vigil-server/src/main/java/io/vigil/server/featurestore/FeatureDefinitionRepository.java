package io.vigil.server.featurestore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vigil.engine.windows.WindowSpec;
import io.vigil.server.core.Json;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@code feature_definitions} (V20): every version of every definition. */
final class FeatureDefinitionRepository {
    private static final TypeReference<Map<String, FeatureDefinition.Range>> RANGES = new TypeReference<>() {};
    private static final String COLUMNS = "name, version, description, source, spec, ranges, stale_after_seconds, baselines, created_by, created_at";

    private final Jdbi jdbi;

    FeatureDefinitionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores the next version of {@code d.name()} (version ignored); answers the version given. */
    int insertNext(FeatureDefinition d) {
        return jdbi.inTransaction(h -> {
            // one writer per name at a time: two new versions of one name never get the same number
            io.vigil.server.persistence.AdvisoryLock.named("vigil:feature:" + d.name()).lock(h, java.time.Duration.ofSeconds(10));
            int version = h.createQuery("select coalesce(max(version), 0) + 1 from feature_definitions where name = :name")
                    .bind("name", d.name()).mapTo(Integer.class).one();
            h.createUpdate("insert into feature_definitions (" + COLUMNS + ") values (:name, :version, :description, cast(:source as jsonb),"
                            + " cast(:spec as jsonb), cast(:ranges as jsonb), :stale, cast(:baselines as jsonb), :by, :at)")
                    .bind("name", d.name()).bind("version", version).bind("description", d.description())
                    .bind("source", Json.write(d.source())).bind("spec", Json.write(d.spec())).bind("ranges", Json.write(d.ranges()))
                    .bind("stale", d.staleAfterSeconds())
                    .bind("baselines", d.baselines() == null ? null : new String(d.baselines(), StandardCharsets.UTF_8))
                    .bind("by", d.createdBy()).bind("at", d.createdAt()).execute();
            return version;
        });
    }

    /** The latest version of {@code name}, or version {@code version} when not null. */
    Optional<FeatureDefinition> find(String name, Integer version) {
        return jdbi.withHandle(h -> h.createQuery("select " + COLUMNS + " from feature_definitions where name = :name"
                        + (version == null ? "" : " and version = :version") + " order by version desc limit 1")
                .bind("name", name).bindMap(version == null ? Map.of() : Map.of("version", version))
                .map((rs, ctx) -> read(rs)).findOne());
    }

    /** The latest version of every definition, by name. */
    List<FeatureDefinition> latest() {
        return jdbi.withHandle(h -> h.createQuery("select distinct on (name) " + COLUMNS + " from feature_definitions"
                + " order by name, version desc").map((rs, ctx) -> read(rs)).list());
    }

    List<Integer> versions(String name) {
        return jdbi.withHandle(h -> h.createQuery("select version from feature_definitions where name = :name order by version")
                .bind("name", name).mapTo(Integer.class).list());
    }

    /** Records the baselines a materialisation fitted, for the online values of that version. */
    void setBaselines(String name, int version, byte[] baselines) {
        jdbi.useHandle(h -> h.createUpdate("update feature_definitions set baselines = cast(:baselines as jsonb)"
                        + " where name = :name and version = :version")
                .bind("name", name).bind("version", version).bind("baselines", new String(baselines, StandardCharsets.UTF_8)).execute());
    }

    int delete(String name) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("delete from feature_events where name = :name").bind("name", name).execute();
            return h.createUpdate("delete from feature_definitions where name = :name").bind("name", name).execute();
        });
    }

    private static FeatureDefinition read(ResultSet rs) throws SQLException {
        WindowSpec spec = Json.read(rs.getString("spec"), new TypeReference<WindowSpec>() {});
        String baselines = rs.getString("baselines");
        return new FeatureDefinition(rs.getString("name"), rs.getInt("version"), rs.getString("description"),
                Json.read(rs.getString("source"), new TypeReference<FeatureSource>() {}), spec, spec.outputNames(),
                Json.read(rs.getString("ranges"), RANGES), rs.getLong("stale_after_seconds"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                baselines == null ? null : baselines.getBytes(StandardCharsets.UTF_8));
    }

}
