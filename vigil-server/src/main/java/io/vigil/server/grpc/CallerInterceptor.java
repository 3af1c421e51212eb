package io.vigil.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.vigil.server.auth.Access;
import io.vigil.server.auth.Caller;
import io.vigil.server.auth.Credentials;
import io.vigil.server.auth.Identities;
import io.vigil.server.core.VigilException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity for every gRPC call, as {@code http.IdentityGate} does for REST, before a message is
 * read: the credential from the metadata ({@code authorization: Bearer <token or key>} or
 * {@code x-api-key}), read by {@link Credentials} and proved by the same {@link Identities}, then the
 * method's {@link Access} checked against {@code auth.Permissions}. UNAUTHENTICATED or
 * PERMISSION_DENIED close the call; no credential is ever logged. The caller and the client's
 * address (the key of its rate-limit bucket) travel in the call's {@link Context}.
 */
final class CallerInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(CallerInterceptor.class);
    static final Context.Key<Caller> CALLER = Context.key("vigil-caller");
    static final Context.Key<String> ADDRESS = Context.key("vigil-client-address");
    static final String NO_CREDENTIALS = "this call needs identity: send the metadata 'authorization: Bearer <token>' with a token from "
            + "POST /auth/login, or an API key as 'authorization: Bearer <key>' or 'x-api-key: <key>'";
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    private final Identities identities;
    private final Map<String, Access> accessByMethod;

    /** @param accessByMethod the access each full method name needs; a method not listed is public (health, reflection, liveness) */
    CallerInterceptor(Identities identities, Map<String, Access> accessByMethod) {
        this.identities = identities;
        this.accessByMethod = accessByMethod;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Access access = accessByMethod.getOrDefault(method, Access.PUBLIC);
        Context context = Context.current().withValue(ADDRESS, addressKey(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
        if (access != Access.PUBLIC) {
            try {
                context = context.withValue(CALLER, authorize(headers, access, method));
            } catch (VigilException e) {
                log.atDebug().addKeyValue("method", method).addKeyValue("status", Statuses.codeOf(e)).log("gRPC call refused");
                call.close(Statuses.of(e), new Metadata());
                return new ServerCall.Listener<>() {};
            }
        }
        return Contexts.interceptCall(context, call, headers, next);
    }

    private Caller authorize(Metadata headers, Access access, String method) {
        String credential = Credentials.of(name -> name.equals(Credentials.AUTHORIZATION) ? headers.get(AUTHORIZATION) : headers.get(API_KEY));
        if (credential == null) {
            throw new VigilException(VigilException.Kind.UNAUTHENTICATED, NO_CREDENTIALS);
        }
        Caller caller = identities.identify(credential);
        if (!caller.may(access)) {
            throw Credentials.forbidden(caller, access, method);
        }
        return caller;
    }

    /**
     * The address a client's prediction budget is kept under, as REST keeps it: an IPv4 address as
     * it is, an IPv6 address by its /64 network (one host is given a whole /64).
     */
    static String addressKey(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return "unknown";
        }
        if (socket.getAddress() instanceof Inet6Address v6 && !v6.isLoopbackAddress()) {
            byte[] b = v6.getAddress();
            StringBuilder key = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                key.append(Integer.toHexString((b[i] & 0xff) << 8 | b[i + 1] & 0xff)).append(':');
            }
            return key.append(":/64").toString();
        }
        return socket.getAddress().getHostAddress();
    }

    /** The caller of the current call (a non-public method's). */
    static Caller caller() {
        return CALLER.get();
    }

    static Status unauthenticated() {
        return Status.UNAUTHENTICATED.withDescription(NO_CREDENTIALS);
    }
}
