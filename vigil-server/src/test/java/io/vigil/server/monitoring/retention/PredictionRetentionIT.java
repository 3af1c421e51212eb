package io.vigil.server.monitoring.retention;

import static io.vigil.server.monitoring.LiveFixture.awaitRecorded;
import static io.vigil.server.monitoring.LiveFixture.feedback;
import static io.vigil.server.monitoring.LiveFixture.item;
import static io.vigil.server.monitoring.LiveFixture.predict;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.auth.Role;
import io.vigil.server.models.ModelRepository;
import io.vigil.server.monitoring.LiveFixture;
import io.vigil.server.monitoring.feedback.RecordedPredictions;
import io.vigil.server.serving.ServingFixture;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.SteppingClock;
import io.vigil.server.testing.TestPostgres;
import io.vigil.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The prediction log partitioned by day (V12) and kept to its retention on a real server: day
 * partitions made ahead, a row no partition covers yet taken by the default one and moved to its
 * day later, whole days dropped past the retention with their feedback and per-minute figures, a
 * model kept less long losing its rows one by one, and the lookup of a prediction by id working
 * throughout. The tests are one timeline: the server's clock only moves on, and the retention runs
 * here with clocks of their own, days ahead of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictionRetentionIT {
    static final Map<String, Object> ATTACK = Map.of("bytes", 40, "duration", 0.01, "dst_port", 22, "proto", "tcp");
    static final SteppingClock clock = new SteppingClock();
    static TestServer server;
    static HttpTestClient sensor;
    static HttpTestClient admin;
    static HttpTestClient analyst;
    static String kept;
    static String short_;
    static Jdbi db;
    static PredictionPartitions partitions;

    @BeforeAll
    static void start() throws Exception {
        server = LiveFixture.start(clock);
        ServingFixture fixture = new ServingFixture(server.http());
        kept = LiveFixture.deployed(fixture, "kept-gbm", "kept");
        short_ = LiveFixture.deployed(fixture, "short-gbm", "short");
        sensor = server.anonymous().withApiKey(server.apiKey(Role.SERVICE));
        admin = server.anonymous().withApiKey(server.apiKey(Role.ADMIN)); // keys: the clock moves past tokens' lives
        analyst = server.anonymous().withApiKey(server.apiKey(Role.ANALYST));
        db = LiveFixture.database(server);
        partitions = new PredictionPartitions(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A retention run as every instance does it hourly, at {@code at}, with the global 30 days. */
    private static PredictionRetention.Outcome retentionAt(Instant at) {
        Clock then = Clock.fixed(at, ZoneOffset.UTC);
        return new PredictionRetention(db, new ModelRetention(db, new ModelRepository(db), 30, then), then).run();
    }

    private static UUID id(JsonNode prediction) {
        return UUID.fromString(prediction.get("predictionId").asText());
    }

    private static boolean inLog(JsonNode prediction) {
        return new RecordedPredictions(db).find(List.of(id(prediction))).containsKey(id(prediction));
    }

    private static String partitionOf(JsonNode prediction) {
        return db.withHandle(h -> h.createQuery("select tableoid::regclass::text from prediction_batches where id <= :id"
                        + " and id >= :lo order by id desc limit 1")
                .bind("id", id(prediction)).bind("lo", new UUID(id(prediction).getMostSignificantBits(), 0x8000000000000000L))
                .mapTo(String.class).one());
    }

    /** Adds the server's per-minute counts now (a metrics read flushes them), and waits until {@code prediction} is counted. */
    private static void countsStored(String modelId) {
        Response r = admin.get("/ml/models/" + modelId + "/metrics?window=30d");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static long rows(String sql, UUID id) {
        return db.withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(Long.class).one());
    }

    @Test
    @Order(1)
    void dayPartitionsAreMadeAheadAndTheLookupOfAnIdIsAnIndexProbeOfItsDay() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant deadline = Instant.now().plusSeconds(10);
        while (!partitions.days().containsAll(List.of(today, today.plusDays(1), today.plusDays(2)))) {
            assertThat(Instant.now()).as("partitions made ahead: " + partitions.days()).isBefore(deadline);
            Thread.sleep(50);
        }
        JsonNode p = predict(sensor, "kept", ATTACK);
        awaitRecorded(server, List.of(p)); // written by binary COPY into the partitioned table
        assertThat(partitionOf(p)).isEqualTo(PredictionPartitions.nameOf(today));
        List<String> storage = db.withHandle(h -> h.createQuery("select distinct attstorage::text from pg_attribute where attrelid = "
                + "to_regclass(:partition) and attname in ('numbers', 'categories', 'labels', 'confidences', 'probabilities', 'anomaly_scores')")
                .bind("partition", PredictionPartitions.nameOf(today)).mapTo(String.class).list());
        assertThat(storage).as("arrays out of line, uncompressed, as V7 chose").containsExactly("e");

        Instant at = Instant.ofEpochMilli(id(p).getMostSignificantBits() >>> 16);
        List<String> planLines = db.withHandle(h -> h.createQuery("explain (costs off) select id from prediction_batches r"
                        + " where r.id <= :id and r.id >= :lo and r.at >= :t0 and r.at < :t1 order by r.id desc limit 1")
                .bind("id", id(p)).bind("lo", new UUID(id(p).getMostSignificantBits(), 0x8000000000000000L))
                .bind("t0", at.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)).bind("t1", at.plusSeconds(1).atOffset(ZoneOffset.UTC))
                .mapTo(String.class).list());
        String plan = String.join("\n", planLines);
        assertThat(plan).as(plan).contains(PredictionPartitions.nameOf(today) + "_pkey").doesNotContain("Seq Scan")
                .doesNotContain("_default").doesNotContain(PredictionPartitions.nameOf(today.plusDays(2)));
    }

    @Test
    @Order(2)
    void aPredictionNoDayCoversYetGoesToTheDefaultPartitionAndMovesToItsDayWhenItIsMade() throws Exception {
        clock.advance(Duration.ofDays(5)); // past the days made ahead
        JsonNode p = predict(sensor, "kept", ATTACK);
        awaitRecorded(server, List.of(p));
        assertThat(partitionOf(p)).isEqualTo(PredictionPartitions.DEFAULT_PARTITION);
        assertThat(feedback(sensor, List.of(item(p, "attack"))).get("accepted").asInt()).isEqualTo(1);

        PredictionRetention.Outcome outcome = retentionAt(clock.instant());

        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        assertThat(outcome.created()).contains(day, day.plusDays(1), day.plusDays(2));
        assertThat(partitionOf(p)).isEqualTo(PredictionPartitions.nameOf(day));
        assertThat(inLog(p)).isTrue();
        assertThat(feedback(sensor, List.of(item(p, "normal"))).get("replaced").asInt()).as("still found by its id").isEqualTo(1);
        assertThat(retentionAt(clock.instant()).created()).as("made once, on any instance").isEmpty();
    }

    @Test
    @Order(3)
    void aModelKeptLessLongLosesItsOldRowsOneByOneWhileTheOthersStay() throws Exception {
        Response set = admin.send("PUT", "/ml/models/" + short_ + "/retention", "application/json",
                "{\"days\": 1}".getBytes(StandardCharsets.UTF_8));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("effectiveDays").asInt()).isEqualTo(1);
        assertThat(set.json().get("source").asText()).isEqualTo("model");
        JsonNode gone = predict(sensor, "short", ATTACK);
        JsonNode stays = predict(sensor, "kept", ATTACK);
        awaitRecorded(server, List.of(gone, stays));
        feedback(sensor, List.of(item(gone, "attack"), item(stays, "attack")));
        countsStored(short_);
        String day = partitionOf(gone);

        PredictionRetention.Outcome outcome = retentionAt(clock.instant().plus(Duration.ofDays(2)));

        assertThat(outcome.dropped()).as("30 days kept for the others: no day goes").isEmpty();
        assertThat(outcome.deleted()).isPositive();
        assertThat(inLog(gone)).isFalse();
        assertThat(inLog(stays)).isTrue();
        assertThat(partitionOf(stays)).isEqualTo(day);
        assertThat(rows("select count(*) from prediction_feedback where prediction_id = :id", id(gone))).isZero();
        assertThat(rows("select count(*) from prediction_feedback where prediction_id = :id", id(stays))).isOne();
        assertThat(rows("select count(*) from prediction_minutes where model_id = :id", UUID.fromString(short_))).isZero();

        Response back = admin.send("PUT", "/ml/models/" + short_ + "/retention", "application/json",
                "{\"days\": null}".getBytes(StandardCharsets.UTF_8));
        assertThat(back.json().get("source").asText()).isEqualTo("global");
        assertThat(back.json().get("effectiveDays").asInt()).isEqualTo(30);
    }

    @Test
    @Order(4)
    void daysPastTheRetentionAreDroppedWholeWithTheirFeedbackAndFigures() throws Exception {
        JsonNode old = predict(sensor, "kept", ATTACK);
        awaitRecorded(server, List.of(old));
        feedback(sensor, List.of(item(old, "attack")));
        countsStored(kept);
        LocalDate oldDay = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        assertThat(rows("select count(*) from prediction_minutes where model_id = :id", UUID.fromString(kept))).isPositive();

        Instant later = clock.instant().plus(Duration.ofDays(40));
        PredictionRetention.Outcome outcome = retentionAt(later);

        assertThat(outcome.dropped()).contains(oldDay);
        assertThat(partitions.days()).allMatch(d -> !d.isBefore(LocalDate.ofInstant(later, ZoneOffset.UTC).minusDays(30)));
        assertThat(partitions.days()).contains(LocalDate.ofInstant(later, ZoneOffset.UTC).plusDays(2));
        assertThat(inLog(old)).isFalse();
        assertThat(rows("select count(*) from prediction_feedback where prediction_id = :id", id(old))).isZero();
        assertThat(rows("select count(*) from prediction_minutes where model_id = :id", UUID.fromString(kept))).isZero();
        assertThat(rows("select count(*) from prediction_batches_default where at < now() + interval '1 day' and model_id = :id",
                UUID.fromString(kept))).isZero();

        clock.advance(Duration.ofDays(40)); // the server too: its predictions go to the days just made
        JsonNode now = predict(sensor, "kept", ATTACK);
        awaitRecorded(server, List.of(now));
        assertThat(partitionOf(now)).isEqualTo(PredictionPartitions.nameOf(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    }

    @Test
    @Order(5)
    void aModelsRetentionIsReadAndSetThroughItsRoute() {
        Response global = analyst.get("/ml/models/" + kept + "/retention");
        assertThat(global.status()).as(global.toString()).isEqualTo(200);
        assertThat(global.json().get("days").isNull()).isTrue();
        assertThat(global.json().get("effectiveDays").asInt()).isEqualTo(30);
        for (String bad : List.of("{\"days\": 0}", "{\"days\": 366}", "{\"days\": \"week\"}")) {
            Response r = admin.send("PUT", "/ml/models/" + kept + "/retention", "application/json", bad.getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("days");
        }
        assertThat(admin.send("PUT", "/ml/models/" + UUID.randomUUID() + "/retention", "application/json",
                "{\"days\": 7}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
        Response set = admin.send("PUT", "/ml/models/" + kept + "/retention", "application/json", "{\"days\": 90}".getBytes(StandardCharsets.UTF_8));
        assertThat(set.json().get("days").asInt()).isEqualTo(90);
        assertThat(set.json().get("updatedBy").asText()).startsWith("key:");
        assertThat(admin.get("/ml/models/" + kept + "/retention").json().get("effectiveDays").asInt()).isEqualTo(90);
        assertThat(analyst.send("PUT", "/ml/models/" + kept + "/retention", "application/json",
                "{\"days\": 1}".getBytes(StandardCharsets.UTF_8)).status()).as("analysts read models, never change them").isEqualTo(403);
    }

    @Test
    @Order(6)
    void theMigrationMovesAnExistingLogIntoDayPartitions() {
        String url = TestPostgres.freshDatabaseUrl();
        Properties credentials = new Properties();
        credentials.setProperty("user", TestPostgres.user());
        Flyway.configure().dataSource(url, TestPostgres.user(), TestPostgres.password()).locations("classpath:db/migration").target("11")
                .load().migrate();
        Jdbi before = Jdbi.create(url, credentials);
        Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3));
        UUID first = new UUID(threeDaysAgo.toEpochMilli() << 16 | 0x7000L, 0x8000000000000000L);
        before.useHandle(h -> h.execute("insert into prediction_batches values (?, ?, ?, 1, 2, '{1,2}', '{}', '{attack,normal}',"
                + " '{0.9,0.8}', '{0.1,0.9,0.8,0.2}', null)", first, threeDaysAgo.atOffset(ZoneOffset.UTC), UUID.randomUUID()));

        Flyway.configure().dataSource(url, TestPostgres.user(), TestPostgres.password()).locations("classpath:db/migration").load().migrate();

        List<String> labels = before.withHandle(h -> h.createQuery("select label from prediction_log order by id").mapTo(String.class).list());
        assertThat(labels).containsExactly("attack", "normal");
        assertThat(new PredictionPartitions(before).days()).contains(LocalDate.ofInstant(threeDaysAgo, ZoneOffset.UTC),
                LocalDate.now(ZoneOffset.UTC).plusDays(2));
        String partition = before.withHandle(h -> h.createQuery("select tableoid::regclass::text from prediction_batches")
                .mapTo(String.class).one());
        assertThat(partition).isEqualTo(PredictionPartitions.nameOf(LocalDate.ofInstant(threeDaysAgo, ZoneOffset.UTC)));
        UUID second = new UUID(first.getMostSignificantBits(), first.getLeastSignificantBits() + 1);
        assertThat(new RecordedPredictions(before).find(List.of(second)).get(second).label()).isEqualTo("normal");
    }
}
