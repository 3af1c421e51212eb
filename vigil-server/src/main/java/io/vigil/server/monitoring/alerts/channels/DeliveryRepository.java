package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.core.Json;
import io.vigil.server.core.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * {@code alert_deliveries} (V15): one row per alert and channel, claimed by the senders of every
 * instance sharing the database with {@code FOR UPDATE SKIP LOCKED}.
 */
final class DeliveryRepository {
    /** The longest last error kept. */
    static final int ERROR_LENGTH = 1000;

    private final Jdbi jdbi;

    DeliveryRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A channel a notice was queued for. */
    record Queued(UUID channelId, String channelName) {}

    /** A delivery claimed by this instance, with its channel as stored (secrets included) and the attempts made before. */
    record Claimed(UUID id, UUID alertId, int attempts, AlertNotice notice, Channel channel) {
        @Override
        public String toString() {
            return "Claimed[" + id + " to " + channel + "]";
        }
    }

    /**
     * One pending delivery of {@code notice} per enabled channel among {@code channelIds}, due now: the
     * channels it was queued for (unknown and disabled ones are not among them).
     */
    List<Queued> insert(AlertNotice notice, Collection<UUID> channelIds, Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbi.withHandle(h -> h.createQuery("with queued as (insert into alert_deliveries (id, alert_id, channel_id, notice, state,"
                        + " attempts, next_attempt_at, created_at, updated_at)"
                        + " select gen_random_uuid(), :alert, c.id, cast(:notice as jsonb), 'pending', 0, :now, :now, :now"
                        + " from alert_channels c where c.id = any(:channels) and c.enabled returning channel_id)"
                        + " select c.id, c.name from queued q join alert_channels c on c.id = q.channel_id")
                .bind("alert", notice.alertId()).bind("notice", Json.write(notice)).bind("now", at)
                .bindArray("channels", UUID.class, channelIds)
                .map((rs, ctx) -> new Queued(rs.getObject("id", UUID.class), rs.getString("name"))).list());
    }

    /**
     * Claims due deliveries: the channels with the oldest due ones first, at most {@code channels} of
     * them and {@code perChannel} deliveries each, none of the {@code busy} channels (this instance is
     * sending to them). Each claimed row's next try moves to {@code leaseUntil}: other instances leave
     * it alone meanwhile, and pick it up after that if this one never finishes it.
     */
    List<Claimed> claim(Instant now, Instant leaseUntil, int channels, int perChannel, Collection<UUID> busy) {
        Timestamp at = Timestamp.from(now);
        return jdbi.inTransaction(h -> {
            List<UUID> due = h.createQuery("select c.id from alert_channels c where c.enabled and not (c.id = any(:busy))"
                            + " and exists (select 1 from alert_deliveries d where d.channel_id = c.id and d.state = 'pending'"
                            + " and d.next_attempt_at <= :now)"
                            + " order by (select min(d.next_attempt_at) from alert_deliveries d where d.channel_id = c.id"
                            + " and d.state = 'pending') limit :channels")
                    .bindArray("busy", UUID.class, busy).bind("now", at).bind("channels", channels).mapTo(UUID.class).list();
            if (due.isEmpty()) {
                return List.of();
            }
            return h.createQuery("with claimed as (select d.id from unnest(:due) as ch(id) cross join lateral"
                            + " (select d.id from alert_deliveries d where d.channel_id = ch.id and d.state = 'pending'"
                            + " and d.next_attempt_at <= :now order by d.next_attempt_at, d.id limit :perChannel for update skip locked) d)"
                            + " update alert_deliveries d set next_attempt_at = :lease, updated_at = :now from claimed, alert_channels c"
                            + " where d.id = claimed.id and c.id = d.channel_id"
                            + " returning d.id as delivery_id, d.alert_id, d.attempts, d.notice::text as notice, d.next_attempt_at as lease,"
                            + " c.id, c.name, c.type, c.url, c.recipients, c.secret, c.enabled, c.created_at, c.created_by, c.updated_at,"
                            + " c.updated_by")
                    .bindArray("due", UUID.class, due).bind("now", at).bind("lease", Timestamp.from(leaseUntil))
                    .bind("perChannel", perChannel)
                    .map((rs, ctx) -> new Claimed(rs.getObject("delivery_id", UUID.class), rs.getObject("alert_id", UUID.class),
                            rs.getInt("attempts"), Json.read(rs.getString("notice"), new com.fasterxml.jackson.core.type.TypeReference<AlertNotice>() {}),
                            ChannelRepository.map(rs)))
                    .list();
        });
    }

    /** The try succeeded. */
    void delivered(UUID id, int attempts, Integer status, Instant now) {
        finish(id, "delivered", attempts, null, null, status, now);
    }

    /** The try failed and another comes at {@code next}. */
    void retryAt(UUID id, int attempts, Instant next, String error, Integer status, Instant now) {
        finish(id, "pending", attempts, next, error, status, now);
    }

    /** The last try failed: the delivery is given up. */
    void failed(UUID id, int attempts, String error, Integer status, Instant now) {
        finish(id, "failed", attempts, null, error, status, now);
    }

    /**
     * Not tried (the channel's circuit is open): it waits until {@code next}, its attempts unchanged;
     * {@code why} becomes its last error unless a try of its own failed before (that reason stays).
     */
    void deferred(UUID id, Instant next, String why, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("update alert_deliveries set next_attempt_at = :next,"
                        + " last_error = case when attempts = 0 then :why else last_error end, updated_at = :now"
                        + " where id = :id and state = 'pending'")
                .bind("id", id).bind("next", Timestamp.from(next)).bind("why", truncate(why)).bind("now", Timestamp.from(now)).execute());
    }

    private void finish(UUID id, String state, int attempts, Instant next, String error, Integer status, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbi.useHandle(h -> h.createUpdate("update alert_deliveries set state = :state, attempts = :attempts,"
                        + " next_attempt_at = coalesce(:next, next_attempt_at), last_error = :error, last_status = :status, updated_at = :now,"
                        + " delivered_at = case when :state = 'delivered' then :now else delivered_at end where id = :id and state = 'pending'")
                .bind("id", id).bind("state", state).bind("attempts", attempts).bind("next", next == null ? null : Timestamp.from(next))
                .bind("error", truncate(error)).bind("status", status).bind("now", at).execute());
    }

    /** Gives up a channel's pending deliveries (it was disabled): how many. */
    int failPending(UUID channelId, String why, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("update alert_deliveries set state = 'failed', last_error = :why, updated_at = :now"
                        + " where channel_id = :channel and state = 'pending'")
                .bind("channel", channelId).bind("why", why).bind("now", Timestamp.from(now)).execute());
    }

    /** Deliveries newest first, filtered. */
    Page<Delivery> page(Delivery.Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" where true");
        if (filter.alertId() != null) where.append(" and d.alert_id = :alert");
        if (filter.channelId() != null) where.append(" and d.channel_id = :channel");
        if (filter.state() != null) where.append(" and d.state = :state");
        return jdbi.withHandle(h -> {
            long total = bind(h.createQuery("select count(*) from alert_deliveries d" + where), filter).mapTo(Long.class).one();
            List<Delivery> items = bind(h.createQuery("select d.*, d.notice ->> 'ruleName' as rule_name, d.notice ->> 'severity' as severity,"
                    + " d.notice ->> 'state' as alert_state, c.name as channel_name, c.type as channel_type"
                    + " from alert_deliveries d join alert_channels c on c.id = d.channel_id" + where
                    + " order by d.created_at desc, d.id limit :size offset :offset"), filter)
                    .bind("size", size).bind("offset", (long) (page - 1) * size)
                    .map((rs, ctx) -> map(rs)).list();
            return Page.of(items, page, size, total);
        });
    }

    private static Query bind(Query q, Delivery.Filter f) {
        if (f.alertId() != null) q.bind("alert", f.alertId());
        if (f.channelId() != null) q.bind("channel", f.channelId());
        if (f.state() != null) q.bind("state", f.state());
        return q;
    }

    /** Deliveries waiting to be sent, on every instance. */
    long pending() {
        return jdbi.withHandle(h -> h.createQuery("select count(*) from alert_deliveries where state = 'pending'").mapTo(Long.class).one());
    }

    /** Deletes delivered and failed deliveries last changed before {@code before}: how many. */
    int purge(Instant before) {
        return jdbi.withHandle(h -> h.createUpdate("delete from alert_deliveries where state <> 'pending' and updated_at < :before")
                .bind("before", Timestamp.from(before)).execute());
    }

    private static Delivery map(ResultSet rs) throws SQLException {
        String state = rs.getString("state");
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("alert_id", UUID.class), rs.getObject("channel_id", UUID.class),
                rs.getString("channel_name"), ChannelType.read(rs.getString("channel_type")).orElseThrow(), rs.getString("rule_name"),
                rs.getString("severity"), rs.getString("alert_state"), state, rs.getInt("attempts"),
                state.equals("pending") ? ChannelRepository.instant(rs, "next_attempt_at") : null, rs.getString("last_error"),
                lastStatus, ChannelRepository.instant(rs, "created_at"), ChannelRepository.instant(rs, "updated_at"),
                ChannelRepository.instant(rs, "delivered_at"));
    }

    static String truncate(String text) {
        return text == null || text.length() <= ERROR_LENGTH ? text : text.substring(0, ERROR_LENGTH - 1) + "…";
    }
}
