package io.vigil.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a request may address the server by (its {@code Host}), against DNS rebinding: a page
 * on {@code attacker.example} whose name is made to resolve to Vigil's address reaches Vigil with
 * {@code Host: attacker.example}. Known are {@code localhost}, every IP address (a rebinding page
 * always has a name: a browser sends the name of the page's address), the bound address and the
 * configured names. Unknown names are refused only when the server listens beyond loopback;
 * on loopback they are still served, but {@link Origins} does not count them as the server's own.
 */
final class HostNames {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9a-f:.]+(%[0-9a-z._~-]+)?]?");

    private final boolean enforced;
    private final Set<String> known = new HashSet<>();

    HostNames(String boundHost, List<String> allowed) {
        this.enforced = !isLoopback(boundHost);
        known.add("localhost");
        if (boundHost != null) {
            known.add(canonical(boundHost));
        }
        allowed.forEach(name -> known.add(canonical(name)));
    }

    /** Whether unknown names are refused: the server listens on more than loopback. */
    boolean enforced() {
        return enforced;
    }

    /** Whether {@code host} (from the request's authority; null when it has none) is a name of this server. */
    boolean isKnown(String host) {
        if (host == null || host.isEmpty()) {
            return true; // an HTTP/1.0 request without Host: no browser sends one
        }
        String name = canonical(host);
        return known.contains(name) || IPV4.matcher(name).matches() || name.indexOf(':') >= 0 && IPV6.matcher(name).matches();
    }

    private static String canonical(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static boolean isLoopback(String boundHost) {
        if (boundHost == null || boundHost.isBlank()) {
            return false; // Jetty then listens on every interface
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(boundHost)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false; // the server will fail to bind anyway
        }
    }
}
