package io.vigil.server.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of addresses, {@code 10.0.0.0/8} or {@code fc00::/7}. Parsed from address literals
 * only, never from a host name, so reading one never touches DNS.
 */
record Cidr(byte[] network, int prefix) {

    /** {@code address/prefix}, or a bare address (one address: /32 or /128). */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        byte[] bytes = Addresses.literal(slash < 0 ? text : text.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an address block such as 10.0.0.0/8 or fd00::/8"))
                .getAddress();
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no whole-number prefix length after '/'");
        }
        if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("'" + text + "' has a prefix length beyond 0.." + bits);
        return new Cidr(mask(bytes, prefix), prefix);
    }

    boolean contains(InetAddress address) {
        byte[] a = Addresses.unmapped(address).getAddress();
        return a.length == network.length && java.util.Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        return out;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefix;
    }
}
