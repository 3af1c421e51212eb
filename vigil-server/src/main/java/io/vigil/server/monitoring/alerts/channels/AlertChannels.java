package io.vigil.server.monitoring.alerts.channels;

import io.vigil.server.monitoring.metrics.VigilMetrics;
import io.vigil.server.outbound.OutboundClient;
import io.vigil.server.outbound.OutboundSettings;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The alert channels wired: the channels' store and API, the {@link AlertDeliveries} that alerting
 * hands notices to, this instance's sender, and the one {@link OutboundClient} webhooks and Slack go
 * through. Built, then {@link #start()}ed once the server is up; closed before the database.
 */
public final class AlertChannels implements AutoCloseable {
    private final OutboundClient outbound;
    private final DeliveryRepository deliveryRows;
    private final DeliveryMeters meters;
    private final DeliveryDispatcher dispatcher;
    private final AlertDeliveries deliveries;
    private final Channels channels;
    private final ChannelsApi api;

    public AlertChannels(Jdbi jdbi, ChannelSettings settings, OutboundSettings outboundSettings, VigilMetrics metrics, Clock clock) {
        this(jdbi, settings, OutboundClient.create(outboundSettings), outboundSettings, metrics, clock);
    }

    /** With an outbound client of the caller's (a test's own resolver or trust store); closed with this. */
    public AlertChannels(Jdbi jdbi, ChannelSettings settings, OutboundClient outbound, OutboundSettings outboundSettings, VigilMetrics metrics,
                         Clock clock) {
        this.outbound = outbound;
        this.deliveryRows = new DeliveryRepository(jdbi);
        this.meters = new DeliveryMeters(metrics.registry());
        OutboundPost post = new OutboundPost(outbound);
        Map<ChannelType, ChannelSender> senders = new EnumMap<>(ChannelType.class);
        senders.put(ChannelType.WEBHOOK, new WebhookSender(post, clock));
        senders.put(ChannelType.SLACK, new SlackSender(post));
        senders.put(ChannelType.EMAIL, new EmailSender(settings.smtp(), outboundSettings.connectTimeout(), outboundSettings.timeout(), clock));
        ChannelBreakers breakers = new ChannelBreakers(settings.delivery(), clock);
        this.dispatcher = new DeliveryDispatcher(deliveryRows, senders, breakers, settings, outboundSettings.timeout(), meters, clock);
        this.deliveries = new AlertDeliveries(deliveryRows, meters, clock, dispatcher::wake);
        this.channels = new Channels(new ChannelRepository(jdbi), deliveryRows, breakers, senders, outbound, settings.smtp(), clock);
        this.api = new ChannelsApi(channels);
        metrics.refreshEvery("alert deliveries", () -> meters.pending(deliveryRows.pending()));
    }

    /** Where alerting hands its notices (the port the alerts' evaluation calls). */
    public AlertDeliveries deliveries() {
        return deliveries;
    }

    /** The channels' service, for a caller that is not the HTTP API. */
    public Channels channels() {
        return channels;
    }

    public ChannelsApi api() {
        return api;
    }

    /** Starts this instance's sender. */
    public void start() {
        dispatcher.start(deliveries);
    }

    /** Stops the sender, then the outbound client (a call still waiting is cut off; its delivery is sent again after its lease). */
    @Override
    public void close() {
        try {
            dispatcher.close();
        } finally {
            outbound.close();
        }
    }
}
