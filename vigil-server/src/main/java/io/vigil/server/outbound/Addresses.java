package io.vigil.server.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an address is, for the outbound guard: the blocks Vigil never calls unless allowed
 * (loopback, link-local with the cloud metadata address, private, unspecified, multicast,
 * carrier-grade NAT, reserved), IPv4 inside IPv6 (mapped, compatible, translated, NAT64, 6to4) judged as the
 * IPv4 address it carries, and host spellings that are IP literals.
 */
final class Addresses {
    // first: the blocks below are parsed with them
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    /** Labels inet_aton reads as numbers: decimal, octal (leading 0) or hex (0x). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    /** One refused block: a short class for logs ({@code loopback}) and how a message says it. */
    record Refused(Cidr block, String kind, String phrase) {
    }

    static final List<Refused> REFUSED = List.of(
            refused("127.0.0.0/8", "loopback", "a loopback address"), refused("::1/128", "loopback", "a loopback address"),
            refused("169.254.0.0/16", "link-local", "a link-local address (where cloud metadata services answer, at 169.254.169.254)"),
            refused("fe80::/10", "link-local", "a link-local address"),
            refused("10.0.0.0/8", "private", "a private address"), refused("172.16.0.0/12", "private", "a private address"),
            refused("192.168.0.0/16", "private", "a private address"), refused("fc00::/7", "private", "a private (unique local) address"),
            refused("fec0::/10", "private", "a private (site-local) address"),
            refused("0.0.0.0/8", "unspecified", "the unspecified address (this host)"),
            refused("::/128", "unspecified", "the unspecified address (this host)"),
            refused("224.0.0.0/4", "multicast", "a multicast address"), refused("ff00::/8", "multicast", "a multicast address"),
            refused("100.64.0.0/10", "shared", "a carrier-grade NAT address (100.64.0.0/10)"),
            refused("192.0.0.0/24", "reserved", "a reserved address (IETF protocol assignments)"),
            refused("198.18.0.0/15", "reserved", "a reserved address (benchmarking)"),
            refused("240.0.0.0/4", "reserved", "a reserved or broadcast address"),
            refused("::/8", "reserved", "a reserved IPv6 address (::/8, where IPv4 is embedded)"));

    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr IPV4_TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr NAT64_LOCAL = Cidr.parse("64:ff9b:1::/48");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private Addresses() {
    }

    /** Why the address is refused, or empty when it is a public address. */
    static Optional<Refused> refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        Optional<Inet4Address> inside = embeddedIpv4(a);
        if (inside.isPresent()) {
            Optional<Refused> carried = refusal(inside.get()).map(r -> new Refused(r.block(), r.kind(),
                    r.phrase() + " carried inside IPv6 (" + inside.get().getHostAddress() + ")"));
            if (carried.isPresent()) return carried;
        }
        for (Refused r : REFUSED) {
            if (r.block().contains(a)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as the IPv4 address it is; any other unchanged. */
    static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) return address;
        for (int i = 0; i < 10; i++) if (b[i] != 0) return address;
        if (b[10] != (byte) 0xff || b[11] != (byte) 0xff) return address;
        return v4(b, 12);
    }

    /** The IPv4 address an IPv6 address carries by a transition scheme: IPv4-compatible, IPv4-translated, NAT64, 6to4. */
    private static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) return Optional.empty();
        byte[] b = address.getAddress();
        boolean ownAddress = IPV4_COMPATIBLE.contains(address) && b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xff) <= 1; // :: and ::1
        if (ownAddress) return Optional.empty();
        if (IPV4_COMPATIBLE.contains(address) || IPV4_TRANSLATED.contains(address) || NAT64.contains(address)) return Optional.of(v4(b, 12));
        if (NAT64_LOCAL.contains(address)) return Optional.of(v4(b, 12));
        if (SIX_TO_FOUR.contains(address)) return Optional.of(v4(b, 2));
        return Optional.empty();
    }

    /**
     * The address a host spelling stands for if it is an IP literal ({@code 192.0.2.1},
     * {@code ::1} or {@code [::1]}), parsed without DNS; empty for a host name.
     */
    static Optional<InetAddress> literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (DOTTED_QUAD.matcher(h).matches()) {
                return Optional.of(InetAddress.getByAddress(toBytes(h)));
            }
            if (h.indexOf(':') >= 0) {
                return Optional.of(InetAddress.getByName("[" + h + "]")); // in brackets the JDK parses it or fails, never looks it up
            }
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * True for a host that C resolvers read as an IPv4 address but that is not written as four
     * decimal numbers: {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}.
     * Such spellings mean different addresses to different parsers, so they are refused.
     */
    static boolean ambiguousIpv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty() || DOTTED_QUAD.matcher(h).matches()) return false;
        String[] labels = h.split("\\.", -1);
        if (labels.length > 4) return false;
        for (String label : labels) if (!NUMERIC_LABEL.matcher(label).matches()) return false;
        return true;
    }

    private static byte[] toBytes(String dottedQuad) {
        String[] parts = dottedQuad.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v > 255) throw new IllegalArgumentException(dottedQuad);
            b[i] = (byte) v;
        }
        return b;
    }

    private static Inet4Address v4(byte[] b, int offset) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Refused refused(String block, String kind, String phrase) {
        return new Refused(Cidr.parse(block), kind, phrase);
    }
}
