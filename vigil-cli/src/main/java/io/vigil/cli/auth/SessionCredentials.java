package io.vigil.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.http.ApiClient;
import io.vigil.cli.http.Credentials;
import io.vigil.cli.http.Query;
import io.vigil.cli.http.ServerError;
import io.vigil.cli.http.ServerUnreachable;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The session {@code vigil login} saved for a server: its access token, refreshed (and saved again)
 * when it is about to expire. Without a session, or with one past its refresh token's life, no
 * credential is sent and the server's 401 tells the user to log in.
 */
public final class SessionCredentials implements Credentials {
    /** A token this close to its end is refreshed first: it must not expire on the way. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private final SessionFile file;
    private final URI server;
    private final Clock clock;
    private String[] header;

    public SessionCredentials(SessionFile file, URI server, Clock clock) {
        this.file = file;
        this.server = server;
        this.clock = clock;
    }

    @Override
    public synchronized String[] header() throws IOException, InterruptedException {
        if (header != null) {
            return header;
        }
        Optional<SessionFile.Session> found = file.find(server.toString());
        if (found.isEmpty()) {
            return null;
        }
        SessionFile.Session session = found.get();
        if (clock.instant().plus(MARGIN).isAfter(session.expiresAt())) {
            if (!clock.instant().isBefore(session.refreshExpiresAt())) {
                return null;
            }
            session = refresh(session);
            if (session == null) {
                return null;
            }
        }
        header = new String[] {"Authorization", "Bearer " + session.token()};
        return header;
    }

    private SessionFile.Session refresh(SessionFile.Session old) throws IOException, InterruptedException {
        try {
            JsonNode answer = new ApiClient(server).post(Query.path("/auth/refresh"), Map.of("refreshToken", old.refreshToken())).json();
            SessionFile.Session fresh = SessionFile.Session.of(answer);
            file.save(server.toString(), fresh);
            return fresh;
        } catch (ServerError e) {
            file.remove(server.toString()); // spent, expired or revoked: log in again
            return null;
        } catch (ServerUnreachable e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
