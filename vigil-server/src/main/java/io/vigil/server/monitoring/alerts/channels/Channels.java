package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Secrets;
import io.vigil.server.core.FieldErrors;
import io.vigil.server.core.Page;
import io.vigil.server.core.RequestLimits;
import io.vigil.server.core.Uuids;
import io.vigil.server.core.VigilException;
import io.vigil.server.outbound.OutboundClient;
import io.vigil.server.outbound.OutboundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert channels managed through the API: made, changed, deleted, tested, and their deliveries
 * listed. A URL is checked by the outbound rules when it is set (a refused one is a 400 on {@code url});
 * a webhook's signing secret is made here and shown once; a Slack URL is shown by its origin only.
 */
public final class Channels {
    private static final Logger log = LoggerFactory.getLogger(Channels.class);
    static final int MAX_RECIPIENTS = 50;
    static final int URL_LENGTH = 2000;
    /** What every signing secret starts with, so a leaked one is recognised (as API keys' {@code vgl_}). */
    static final String SECRET_PREFIX = "vgl_whsec_";

    private final ChannelRepository channels;
    private final DeliveryRepository deliveries;
    private final ChannelBreakers breakers;
    private final Map<ChannelType, ChannelSender> senders;
    private final OutboundClient outbound;
    private final SmtpSettings smtp;
    private final Clock clock;

    Channels(ChannelRepository channels, DeliveryRepository deliveries, ChannelBreakers breakers, Map<ChannelType, ChannelSender> senders,
             OutboundClient outbound, SmtpSettings smtp, Clock clock) {
        this.channels = channels;
        this.deliveries = deliveries;
        this.breakers = breakers;
        this.senders = senders;
        this.outbound = outbound;
        this.smtp = smtp;
        this.clock = clock;
    }

    /** What a test message did: delivered or not, the receiver's status, why not, how long it took. */
    public record TestResult(UUID channelId, String channel, boolean delivered, Integer status, String error, long durationMs) {}

    public ChannelView.WithSecret create(ChannelRequest r, Caller by) {
        FieldErrors errors = new FieldErrors();
        if (errors.required("name", r.name(), "is required: what the channel is, e.g. 'soc-webhook'")) {
            errors.name("name", r.name(), RequestLimits.NAME_LENGTH);
        }
        ChannelType type = null;
        if (errors.required("type", r.type(), "is required: one of " + ChannelType.names())) {
            type = ChannelType.read(r.type()).orElse(null);
            if (type == null) {
                errors.add("type", "must be one of " + ChannelType.names());
            }
        }
        if (r.rotateSecret() != null) {
            errors.add("rotateSecret", "is for changing a webhook (PUT); a new one gets its secret anyway");
        }
        if (type != null) {
            checkTarget(errors, type, r.url(), r.recipients());
        }
        errors.throwIfAny();
        Instant now = clock.instant();
        String secret = type == ChannelType.WEBHOOK ? newSecret() : null;
        Channel channel = new Channel(Uuids.random(), r.name().strip(), type, type.callsUrl() ? r.url().strip() : null,
                type == ChannelType.EMAIL ? r.recipients() : List.of(), secret, r.enabled() == null || r.enabled(), now, by.name(), now,
                by.name());
        if (!channels.insert(channel)) {
            throw VigilException.conflict("an alert channel named '" + channel.name() + "' exists already");
        }
        log.atInfo().addKeyValue("channel", channel.name()).addKeyValue("channelId", channel.id()).addKeyValue("type", type.wire())
                .addKeyValue("by", by.name()).log("alert channel created");
        return new ChannelView.WithSecret(secret, view(channel));
    }

    /** Changes the fields given; the answer carries the webhook's new secret when {@code rotateSecret} asked for one. */
    public ChannelView.WithSecret update(UUID id, ChannelRequest r, Caller by) {
        Channel old = find(id);
        FieldErrors errors = new FieldErrors();
        if (r.name() != null && errors.required("name", r.name(), "must not be blank")) {
            errors.name("name", r.name(), RequestLimits.NAME_LENGTH);
        }
        if (r.type() != null && !r.type().equals(old.type().wire())) {
            errors.add("type", "cannot change (it is " + old.type().wire() + "): make a new channel instead");
        }
        boolean rotate = Boolean.TRUE.equals(r.rotateSecret());
        if (rotate && old.type() != ChannelType.WEBHOOK) {
            errors.add("rotateSecret", "only a webhook has a signing secret");
        }
        if (r.url() != null || r.recipients() != null) {
            checkTarget(errors, old.type(), r.url() == null ? old.url() : r.url(), r.recipients() == null ? old.recipients() : r.recipients());
        }
        errors.throwIfAny();
        String secret = rotate ? newSecret() : old.secret();
        boolean enabled = r.enabled() == null ? old.enabled() : r.enabled();
        Channel changed = new Channel(id, r.name() == null ? old.name() : r.name().strip(), old.type(),
                r.url() == null ? old.url() : r.url().strip(), r.recipients() == null ? old.recipients() : r.recipients(), secret, enabled,
                old.createdAt(), old.createdBy(), clock.instant(), by.name());
        if (!channels.update(changed)) {
            throw VigilException.conflict("an alert channel named '" + changed.name() + "' exists already");
        }
        if (r.url() != null || r.recipients() != null || enabled && !old.enabled()) {
            breakers.forget(id); // a new target starts with a closed circuit
        }
        if (old.enabled() && !enabled) {
            int given = deliveries.failPending(id, "the channel was disabled before this was delivered", clock.instant());
            log.atInfo().addKeyValue("channel", changed.name()).addKeyValue("givenUp", given).log("alert channel disabled");
        }
        log.atInfo().addKeyValue("channel", changed.name()).addKeyValue("channelId", id).addKeyValue("secretRotated", rotate)
                .addKeyValue("by", by.name()).log("alert channel changed");
        return new ChannelView.WithSecret(rotate ? secret : null, view(changed));
    }

    public ChannelView get(UUID id) {
        return view(find(id));
    }

    public Page<ChannelView> list(int page, int size) {
        List<Channel> all = channels.all();
        int from = Math.min((page - 1) * size, all.size());
        return Page.of(all.subList(from, Math.min(from + size, all.size())).stream().map(this::view).toList(), page, size, all.size());
    }

    /** Deletes the channel and its deliveries. */
    public void delete(UUID id, Caller by) {
        Channel channel = find(id);
        if (!channels.delete(id)) {
            throw notFound(id);
        }
        breakers.forget(id);
        log.atInfo().addKeyValue("channel", channel.name()).addKeyValue("channelId", id).addKeyValue("by", by.name())
                .log("alert channel deleted");
    }

    /**
     * Sends a test message now, on the caller's thread, within the outbound deadline: past the queue and
     * the circuit breaker, recorded nowhere but the log. A disabled channel is tested too.
     */
    public TestResult test(UUID id, Caller by) {
        Channel channel = find(id);
        Instant now = clock.instant();
        AlertNotice notice = new AlertNotice(Uuids.random(), "vigil-channel-test", "test", "info", "firing", null, null, null,
                "Test message from Vigil for the channel '" + channel.name() + "': alerts reach you here.", Map.of("requestedBy", by.name()),
                now, now, 1);
        long start = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            status = senders.get(channel.type()).send(channel, new Outgoing(Uuids.random(), notice, 1, null, true));
        } catch (DeliveryFailure e) {
            status = e.status();
            error = e.getMessage();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.atInfo().addKeyValue("channel", channel.name()).addKeyValue("delivered", error == null).addKeyValue("status", status)
                .addKeyValue("ms", ms).addKeyValue("error", error).addKeyValue("by", by.name()).log("alert channel tested");
        return new TestResult(id, channel.name(), error == null, status, error, ms);
    }

    public Page<Delivery> deliveries(Delivery.Filter filter, int page, int size) {
        return deliveries.page(filter, page, size);
    }

    private Channel find(UUID id) {
        return channels.find(id).orElseThrow(() -> notFound(id));
    }

    private static VigilException notFound(UUID id) {
        return VigilException.notFound("no alert channel with id " + id);
    }

    private ChannelView view(Channel c) {
        return ChannelView.of(c, breakers.state(c.id()));
    }

    /** A URL for the types that call one (checked where it points now), addresses for email; never both. */
    private void checkTarget(FieldErrors errors, ChannelType type, String url, List<String> recipients) {
        if (type.callsUrl()) {
            if (recipients != null && !recipients.isEmpty()) {
                errors.add("recipients", "is for email channels; a " + type.wire() + " channel has a url");
            }
            if (errors.required("url", url, "is required: where the " + type.wire() + " channel posts")) {
                checkUrl(errors, url);
            }
        } else {
            if (url != null) {
                errors.add("url", "is for webhook and Slack channels; an email channel has recipients");
            }
            if (!smtp.configured()) {
                errors.add("type", "email channels need an SMTP server: set alerts.smtp.host (VIGIL_ALERTS_SMTP_HOST) and alerts.smtp.from");
            }
            if (errors.required("recipients", recipients, "is required: the addresses an email channel writes to")) {
                if (recipients.isEmpty()) {
                    errors.add("recipients", "must name at least one address");
                }
                errors.size("recipients", recipients, MAX_RECIPIENTS);
                for (int i = 0; i < recipients.size(); i++) {
                    String address = recipients.get(i);
                    if (address == null || address.length() > 254 || !EmailSender.validAddress(address)) {
                        errors.add("recipients[" + i + "]", "must be one email address such as soc@example.com");
                    }
                }
            }
        }
    }

    /** The outbound rules' verdict on a URL, as a field error: its messages name the target's origin, never its path. */
    private void checkUrl(FieldErrors errors, String url) {
        if (url.length() > URL_LENGTH) {
            errors.add("url", "must be at most " + URL_LENGTH + " characters");
            return;
        }
        try {
            outbound.check(url.strip());
        } catch (OutboundException e) {
            errors.add("url", e.getMessage() + (e.reason() == OutboundException.Reason.REFUSED_TARGET
                    ? " (an internal target must be listed in outbound.allow)" : ""));
        }
    }

    private static String newSecret() {
        return SECRET_PREFIX + Secrets.randomToken();
    }
}
