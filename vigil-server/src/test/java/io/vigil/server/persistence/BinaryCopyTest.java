package io.vigil.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** What {@link BinaryCopy} writes, read back by a real PostgreSQL. */
class BinaryCopyTest {

    @Test
    void everyTypeArrivesAsWritten() throws Exception {
        UUID id = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-23T21:56:07.123456Z");
        BinaryCopy copy = new BinaryCopy();
        copy.row(7).uuid(id).timestamp(at).int4(-42).float4(Float.NaN).text("tcp ✓")
                .float4Array(new float[]{1.5f, Float.NaN, -3f, 99f}, 3).textArray(new String[]{"a", null, "ß"});
        copy.row(7).uuid(id).timestamp(Instant.EPOCH).int4(0).nullValue().nullValue().float4Array(new float[0], 0)
                .textArray(new String[0]);
        assertThat(copy.rows()).isEqualTo(2);

        try (Connection c = DriverManager.getConnection(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create temp table t (u uuid, at timestamptz, i int, f real, s text, fs real[], ts text[])");
            long rows = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy t from stdin with (format binary)", new ByteArrayInputStream(copy.finish()));
            assertThat(rows).isEqualTo(2);
            try (ResultSet rs = s.executeQuery("select u, at, i, f, s, fs, ts from t order by i")) {
                rs.next();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(id);
                assertThat(rs.getObject(2, java.time.OffsetDateTime.class).toInstant()).isEqualTo(at);
                assertThat(rs.getInt(3)).isEqualTo(-42);
                assertThat(rs.getFloat(4)).isNaN();
                assertThat(rs.getString(5)).isEqualTo("tcp ✓");
                assertThat((Float[]) rs.getArray(6).getArray()).containsExactly(1.5f, Float.NaN, -3f);
                assertThat((String[]) rs.getArray(7).getArray()).containsExactly("a", null, "ß");
                rs.next();
                assertThat(rs.getObject(2, java.time.OffsetDateTime.class).toInstant()).isEqualTo(Instant.EPOCH);
                rs.getFloat(4);
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getString(5)).isNull();
                Array empty = rs.getArray(6);
                assertThat((Float[]) empty.getArray()).isEmpty();
                assertThat((String[]) rs.getArray(7).getArray()).isEmpty();
            }
        }
    }

    @Test
    void aNulInTextIsStoredAsTheReplacementCharacterNotAFailedCopy() throws Exception {
        BinaryCopy copy = new BinaryCopy();
        copy.row(2).text("a\u0000b").textArray(new String[]{"\u0000", "ok"});
        try (Connection c = DriverManager.getConnection(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create temp table t (s text, ts text[])");
            long rows = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy t from stdin with (format binary)", new ByteArrayInputStream(copy.finish()));
            assertThat(rows).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("select s, ts from t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("a\uFFFDb");
                assertThat((String[]) rs.getArray(2).getArray()).containsExactly("\uFFFD", "ok");
            }
        }
    }

    @Test
    void resetStartsAFreshInput() throws Exception {
        BinaryCopy copy = new BinaryCopy();
        copy.row(1).int4(1);
        copy.reset();
        copy.row(1).int4(2);
        try (Connection c = DriverManager.getConnection(TestPostgres.freshDatabaseUrl(), TestPostgres.user(), TestPostgres.password());
             Statement s = c.createStatement()) {
            s.execute("create temp table t (i int)");
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy t from stdin with (format binary)", new ByteArrayInputStream(copy.finish()));
            try (ResultSet rs = s.executeQuery("select array_agg(i) from t")) {
                rs.next();
                assertThat((Integer[]) rs.getArray(1).getArray()).containsExactly(2);
            }
        }
    }
}
