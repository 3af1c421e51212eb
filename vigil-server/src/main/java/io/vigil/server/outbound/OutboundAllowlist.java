package io.vigil.server.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The internal targets an administrator lets outbound calls reach ({@code outbound.allow}): address
 * blocks ({@code 10.20.0.0/16}, {@code fd00::/8}, a single {@code 10.0.0.5}) and exact
 * {@code host:port} targets ({@code alerts.internal:8443}, {@code 127.0.0.1:9000},
 * {@code [::1]:9000}). A host:port entry allows that name at that port whatever it resolves to, or
 * that address at that port only. Public addresses need no entry.
 */
public final class OutboundAllowlist {
    /** Nothing internal allowed: the default. */
    public static final OutboundAllowlist NONE = new OutboundAllowlist(List.of(), List.of());

    private final List<Cidr> blocks;
    private final List<HostPort> targets;

    /** One exact {@code host:port} entry: a lower-case name or an address literal. */
    record HostPort(String host, Optional<InetAddress> address, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private OutboundAllowlist(List<Cidr> blocks, List<HostPort> targets) {
        this.blocks = List.copyOf(blocks);
        this.targets = List.copyOf(targets);
    }

    /**
     * Parses a list separated by commas or spaces; empty for none.
     *
     * @throws IllegalArgumentException an entry is neither an address block nor host:port; the message names it
     */
    public static OutboundAllowlist parse(String text) {
        List<Cidr> blocks = new ArrayList<>();
        List<HostPort> targets = new ArrayList<>();
        for (String entry : text.trim().split("[,\\s]+")) {
            if (entry.isEmpty()) continue;
            Optional<HostPort> target = hostPort(entry);
            if (target.isPresent()) targets.add(target.get());
            else blocks.add(Cidr.parse(entry));
        }
        return new OutboundAllowlist(blocks, targets);
    }

    /** True when the address, reached as {@code host:port}, is allowed although it is internal. */
    boolean permits(String host, InetAddress address, int port) {
        for (Cidr block : blocks) if (block.contains(address)) return true;
        String name = normalized(host);
        InetAddress unmapped = Addresses.unmapped(address);
        for (HostPort t : targets) {
            if (t.port() != port) continue;
            if (t.address().isPresent() ? t.address().get().equals(unmapped) : t.host().equals(name)) return true;
        }
        return false;
    }

    boolean isEmpty() {
        return blocks.isEmpty() && targets.isEmpty();
    }

    /** The entries as {@code outbound.allow} would list them, normalized. */
    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        blocks.forEach(b -> all.add(b.toString()));
        targets.forEach(t -> all.add(t.toString()));
        return String.join(",", all);
    }

    /** {@code name:port}, {@code a.b.c.d:port} or {@code [v6]:port}; empty when the entry has no port (an address block). */
    private static Optional<HostPort> hostPort(String entry) {
        int colon;
        String host;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
                if (close == entry.length() - 1) throw new IllegalArgumentException("'" + entry + "' lacks a port: write [address]:port");
                throw new IllegalArgumentException("'" + entry + "' is not [address]:port");
            }
            host = entry.substring(1, close);
            colon = close + 1;
        } else {
            colon = entry.lastIndexOf(':');
            if (colon < 0 || entry.indexOf(':') != colon || entry.contains("/")) return Optional.empty(); // an IPv6 block or a v4 one
            host = entry.substring(0, colon);
        }
        int port;
        try {
            port = Integer.parseInt(entry.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "' has no port number after ':'");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("'" + entry + "' has a port beyond 1..65535");
        Optional<InetAddress> address = Addresses.literal(host).map(Addresses::unmapped);
        String name = normalized(host);
        if (address.isEmpty() && (Addresses.ambiguousIpv4(name) || !name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"))) {
            throw new IllegalArgumentException("'" + entry + "' is not host:port with a DNS name or an IP address");
        }
        return Optional.of(new HostPort(address.map(InetAddress::getHostAddress).orElse(name), address, port));
    }

    static String normalized(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
