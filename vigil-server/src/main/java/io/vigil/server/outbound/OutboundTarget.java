package io.vigil.server.outbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One hop of an outbound call: an http(s) URL taken apart and checked for its shape (scheme, a
 * host, no credentials, no ambiguous IPv4 spelling), before any address is looked at.
 *
 * @param host the host as written, lower case, IPv6 without brackets; sent as {@code Host} and as the TLS name
 */
record OutboundTarget(URI uri, String scheme, String host, int port) {

    static OutboundTarget parse(String url) {
        if (url == null || url.isBlank()) throw invalid("(none)", "the URL is empty");
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalid("(unreadable)", "the URL cannot be read: " + e.getReason());
        }
        return of(uri, OutboundException.Reason.INVALID_URL);
    }

    /** The hop a redirect's {@code Location} points at, relative to this one. */
    OutboundTarget redirect(String location) {
        URI next;
        try {
            next = uri.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new OutboundException(OutboundException.Reason.BAD_REDIRECT, origin(), "the redirect from " + origin()
                    + " points at an unreadable URL");
        }
        OutboundTarget target = of(next, OutboundException.Reason.BAD_REDIRECT);
        if (scheme.equals("https") && target.scheme.equals("http")) {
            throw new OutboundException(OutboundException.Reason.BAD_REDIRECT, origin(), "the redirect from " + origin() + " to "
                    + target.origin() + " is refused: it leaves https for plain http");
        }
        return target;
    }

    private static OutboundTarget of(URI uri, OutboundException.Reason reason) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String shown = uri.getScheme() == null ? "(no scheme)" : scheme + "://" + (uri.getHost() == null ? "?" : uri.getHost());
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundException(reason, shown, "only http and https URLs are called, not " + (scheme.isEmpty() ? "a URL without a scheme" : scheme + ":"));
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundException(reason, shown, "the URL carries credentials before '@'; they are never sent: use a header");
        }
        if (uri.getHost() == null) throw new OutboundException(reason, shown, "the URL has no host name Vigil can read");
        String host = OutboundAllowlist.normalized(uri.getHost());
        if (Addresses.ambiguousIpv4(host)) {
            throw new OutboundException(reason, scheme + "://" + host, "the host '" + host
                    + "' is an IPv4 address in an ambiguous spelling (decimal, octal or hex); write it as four decimal numbers");
        }
        int port = uri.getPort() < 0 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) throw new OutboundException(reason, shown, "the port " + port + " is not a TCP port");
        // as written (raw: an encoded '/' in a token stays encoded), with its port and without the fragment, which is never sent
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        URI sent = URI.create(scheme + "://" + uri.getHost() + ":" + port + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        return new OutboundTarget(sent, scheme, host, port);
    }

    /** {@code scheme://host:port}: what logs and messages show of a target (a path or query may hold a token). */
    String origin() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The origin of a URL for a log line, whatever its shape: never its path, query or credentials. */
    static String originOf(String url) {
        try {
            return parse(url).origin();
        } catch (OutboundException e) {
            return e.target();
        }
    }

    boolean sameOrigin(OutboundTarget other) {
        return scheme.equals(other.scheme) && host.equals(other.host) && port == other.port;
    }

    private static OutboundException invalid(String target, String detail) {
        return new OutboundException(OutboundException.Reason.INVALID_URL, target, detail);
    }
}
