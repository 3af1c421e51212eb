package io.vigil.server.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one client for outbound calls that users configure (alert webhooks): it cannot be turned
 * against the inside (SSRF). Each hop's host is resolved once by {@link AddressGuard}, which
 * refuses loopback, link-local (cloud metadata), private, unspecified, multicast, carrier-grade NAT
 * and reserved addresses unless {@code outbound.allow} lists them; the connection goes to exactly
 * the address checked, while {@code Host} and the TLS name (SNI, certificate check) stay the URL's
 * host. Redirects are followed here, at most {@code maxRedirects}, each re-checked; credentials and
 * other caller headers go to the URL's own origin only; no cookies, no proxy, no retries. One
 * deadline covers the whole call; the answer's body is capped. Failures are
 * {@link OutboundException}s; refusals are logged with the target's origin, never its path or query.
 */
public final class OutboundClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboundClient.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Headers that may follow a redirect to another origin; everything else the caller set stays behind. */
    private static final Set<String> CROSS_ORIGIN_HEADERS = Set.of("accept", "accept-language", "user-agent");
    /** Connections are never looked up by name: the guard's address is in each target. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("outbound connections go to checked addresses only, never to a name: " + host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getHostName();
        }
    };

    private final OutboundSettings settings;
    private final AddressGuard guard;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;

    private OutboundClient(OutboundSettings settings, HostResolver resolver, SSLContext tls) {
        this.settings = settings;
        this.guard = new AddressGuard(settings.allow(), resolver);
        Timeout connect = Timeout.of(settings.connectTimeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(NO_LOOKUPS)
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).buildClassic())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect)
                                .setSocketTimeout(Timeout.of(settings.timeout())).build())
                        .setMaxConnTotal(64).setMaxConnPerRoute(16)
                        .build())
                .setRoutePlanner(new DefaultRoutePlanner(null)) // never a proxy, whatever the system properties say
                .setConnectionReuseStrategy((request, response, context) -> false) // one connection per hop, closed after it
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableAutomaticRetries()
                .disableContentCompression() // the size cap counts the bytes that arrive
                .setUserAgent("Vigil-Outbound")
                .build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "vigil-outbound-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a call that ends in time takes its alarm with it
        this.deadlines = timer;
    }

    /** A client with the system's resolver and trust store. */
    public static OutboundClient create(OutboundSettings settings) {
        try {
            return create(settings, HostResolver.SYSTEM, SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /** A client with its own resolver and TLS context (tests; a private trust store). */
    public static OutboundClient create(OutboundSettings settings, HostResolver resolver, SSLContext tls) {
        return new OutboundClient(settings, resolver, tls);
    }

    /**
     * Checks a URL as a call to it would, without calling it: its shape, and where its host resolves
     * now. For a setting that holds a URL (a webhook's), so a refused one is refused when it is set.
     *
     * @return the URL's origin, {@code scheme://host:port}
     */
    public String check(String url) {
        OutboundTarget target = OutboundTarget.parse(url);
        try {
            guard.check(target, 0);
            return target.origin();
        } catch (OutboundException e) {
            logFailure(e, 0);
            throw e;
        }
    }

    /**
     * Makes the call and returns the answer, whatever its status.
     *
     * @throws OutboundException no answer: a refused or invalid target or redirect, a timeout, a
     *                           connection or TLS failure, or a body over the cap
     */
    public OutboundResponse send(OutboundRequest request) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        OutboundTarget first = null;
        int hop = 0;
        try {
            first = OutboundTarget.parse(request.url());
            OutboundTarget target = first;
            String method = request.method();
            byte[] body = request.body();
            Map<String, String> headers = request.headers();
            for (; ; hop++) {
                InetAddress address = guard.check(target, hop);
                Hop answer = exchange(target, address, method, headers, body, request.contentType(), deadline);
                if (answer.location() == null) {
                    log.atDebug().addKeyValue("target", target.origin()).addKeyValue("status", answer.status())
                            .addKeyValue("redirects", hop).log("outbound call answered");
                    return new OutboundResponse(answer.status(), answer.contentType(), answer.body(), target.origin(), hop);
                }
                if (hop == settings.maxRedirects()) {
                    throw new OutboundException(OutboundException.Reason.TOO_MANY_REDIRECTS, first.origin(), first.origin()
                            + " redirected more than " + settings.maxRedirects() + " times");
                }
                OutboundTarget next = target.redirect(answer.location());
                if (!next.sameOrigin(first)) headers = crossOrigin(headers);
                if (answer.status() <= 303 && !method.equals("GET") && !method.equals("HEAD")) { // 301/302/303: GET, as browsers do
                    method = "GET";
                    body = null;
                }
                target = next;
            }
        } catch (OutboundException e) {
            logFailure(e, hop);
            throw e;
        }
    }

    /** The answer of one hop: a redirect's location, or the body read whole under the cap. */
    private record Hop(int status, String contentType, byte[] body, String location) {
    }

    private Hop exchange(OutboundTarget target, InetAddress address, String method, Map<String, String> headers, byte[] body,
                         String contentType, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw timedOut(target);
        HttpUriRequestBase request = new HttpUriRequestBase(method, target.uri());
        headers.forEach(request::addHeader);
        if (body != null) request.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        request.setConfig(RequestConfig.custom().setConnectionRequestTimeout(Timeout.ofNanoseconds(left))
                .setResponseTimeout(Timeout.ofNanoseconds(left)).build());
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = deadlines.schedule(() -> {
            expired.set(true);
            request.cancel();
        }, left, TimeUnit.NANOSECONDS);
        // the checked address, with the URL's host as its name: Host header, SNI and certificate check use the name
        HttpHost pinned = new HttpHost(target.scheme(), address, target.host(), target.port());
        ClassicHttpResponse response = null;
        try {
            response = http.executeOpen(pinned, request, HttpClientContext.create());
            int status = response.getCode();
            Header location = response.getFirstHeader("Location");
            if (REDIRECTS.contains(status) && location != null) return new Hop(status, null, null, location.getValue());
            HttpEntity entity = response.getEntity();
            byte[] bytes = entity == null ? new byte[0] : readCapped(entity, target);
            return new Hop(status, entity == null ? null : entity.getContentType(), bytes, null);
        } catch (OutboundException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (expired.get()) throw timedOut(target);
            throw failure(target, e);
        } finally {
            alarm.cancel(false);
            if (response instanceof CloseableHttpResponse closeable) closeable.close(CloseMode.IMMEDIATE); // never drain the rest
        }
    }

    private byte[] readCapped(HttpEntity entity, OutboundTarget target) throws IOException {
        long cap = settings.maxResponseBytes();
        if (entity.getContentLength() > cap) throw tooLarge(target, "declares " + entity.getContentLength() + " bytes");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        InputStream in = entity.getContent(); // not closed here: closing drains the rest; the caller drops the connection
        for (int n; (n = in.read(chunk)) > 0; ) {
            if (out.size() + n > cap) throw tooLarge(target, "sent more than " + cap + " bytes");
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    private static Map<String, String> crossOrigin(Map<String, String> headers) {
        Map<String, String> kept = new java.util.LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (CROSS_ORIGIN_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) kept.put(name, value);
        });
        return kept;
    }

    private OutboundException tooLarge(OutboundTarget target, String what) {
        return new OutboundException(OutboundException.Reason.RESPONSE_TOO_LARGE, target.origin(), "the answer of " + target.origin() + " "
                + what + "; at most " + settings.maxResponseBytes() + " are read (outbound.maxResponseKb)");
    }

    private OutboundException timedOut(OutboundTarget target) {
        return new OutboundException(OutboundException.Reason.TIMED_OUT, target.origin(), target.origin() + " did not answer within "
                + settings.timeout().toMillis() + " ms (outbound.timeoutSeconds)");
    }

    private OutboundException failure(OutboundTarget target, Exception e) {
        String said = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLException) {
            return new OutboundException(OutboundException.Reason.TLS_FAILED, target.origin(), "the TLS handshake with " + target.origin()
                    + " failed: " + said);
        }
        if (e instanceof ConnectTimeoutException) {
            return new OutboundException(OutboundException.Reason.TIMED_OUT, target.origin(), "could not connect to " + target.origin()
                    + " within " + settings.connectTimeout().toMillis() + " ms (outbound.connectTimeoutSeconds)");
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) return timedOut(target); // the deadline, as reads see it
        return new OutboundException(OutboundException.Reason.CONNECTION_FAILED, target.origin(), "could not reach " + target.origin() + ": "
                + said);
    }

    private static void logFailure(OutboundException e, int hop) {
        if (e.reason() == OutboundException.Reason.REFUSED_TARGET) {
            log.atWarn().addKeyValue("target", e.target()).addKeyValue("address", e.address().orElse(null))
                    .addKeyValue("addressKind", e.addressKind().orElse(null)).addKeyValue("hop", hop).log("outbound call refused");
        } else {
            log.atInfo().addKeyValue("target", e.target()).addKeyValue("reason", e.reason()).addKeyValue("hop", hop)
                    .addKeyValue("detail", e.detail()).log("outbound call failed");
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.IMMEDIATE);
    }
}
