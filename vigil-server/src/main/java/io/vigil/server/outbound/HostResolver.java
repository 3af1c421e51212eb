package io.vigil.server.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses, once per hop of an outbound call; the client connects to an
 * address this returned and was checked, never looking the name up again. Tests put their own in
 * to stand for DNS answers (a rebinding attacker's, say).
 */
@FunctionalInterface
public interface HostResolver {
    /** The system's resolver ({@code /etc/hosts}, then DNS). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
