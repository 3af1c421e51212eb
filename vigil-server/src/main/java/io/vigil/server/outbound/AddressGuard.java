package io.vigil.server.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Decides where one hop of an outbound call may connect: resolves the host once (an IP literal
 * without DNS) and refuses the hop if any address it resolves to is internal and not allowed.
 * The address returned is the one to connect to, so a second lookup cannot change it.
 */
final class AddressGuard {
    private final OutboundAllowlist allow;
    private final HostResolver resolver;

    AddressGuard(OutboundAllowlist allow, HostResolver resolver) {
        this.allow = allow;
        this.resolver = resolver;
    }

    /** The checked address to connect to for {@code target}; {@code hop} 0 is the URL asked for, 1 its first redirect... */
    InetAddress check(OutboundTarget target, int hop) {
        List<InetAddress> addresses = resolve(target);
        for (InetAddress address : addresses) {
            Optional<Addresses.Refused> refused = Addresses.refusal(address);
            if (refused.isPresent() && !allow.permits(target.host(), address, target.port())) {
                throw refusedHop(target, hop, address.getHostAddress(), refused.get());
            }
        }
        return addresses.get(0);
    }

    private List<InetAddress> resolve(OutboundTarget target) {
        Optional<InetAddress> literal = Addresses.literal(target.host());
        if (literal.isPresent()) return List.of(literal.get());
        try {
            List<InetAddress> found = resolver.resolve(target.host());
            if (found == null || found.isEmpty()) throw new UnknownHostException(target.host());
            return found;
        } catch (UnknownHostException e) {
            throw new OutboundException(OutboundException.Reason.UNRESOLVABLE, target.origin(), "the host " + target.host()
                    + " of " + target.origin() + " does not resolve to an address");
        }
    }

    private static OutboundException refusedHop(OutboundTarget target, int hop, String address, Addresses.Refused why) {
        String which = hop == 0 ? target.origin() : "redirect " + hop + " to " + target.origin();
        String resolved = Addresses.literal(target.host()).isPresent() ? "" : " (" + target.host() + " resolves to it)";
        return new OutboundException(OutboundException.Reason.REFUSED_TARGET, target.origin(), address, why.kind(), which
                + " is refused: " + address + " is " + why.phrase() + resolved
                + "; Vigil calls internal addresses only when outbound.allow (VIGIL_OUTBOUND_ALLOW) lists them");
    }
}
