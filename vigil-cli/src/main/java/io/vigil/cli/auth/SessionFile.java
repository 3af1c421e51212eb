package io.vigil.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cli.http.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where {@code vigil login} keeps its sessions, one per server URL: a JSON file only its user may
 * read or write ({@code rw-------}, in a directory {@code rwx------}), replaced whole on each change.
 * {@code VIGIL_SESSION_FILE} names it; else {@code $XDG_CONFIG_HOME/vigil/sessions.json}, else
 * {@code ~/.config/vigil/sessions.json}.
 */
public final class SessionFile {
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** One server's session: the tokens of the last login or refresh. */
    public record Session(String username, String role, String token, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {
        /** The session a login or refresh answered. */
        public static Session of(JsonNode answer) {
            return new Session(answer.path("username").asText(), answer.path("role").asText(), answer.path("token").asText(),
                    Instant.parse(answer.path("expiresAt").asText()), answer.path("refreshToken").asText(),
                    Instant.parse(answer.path("refreshExpiresAt").asText()));
        }

        @Override
        public String toString() {
            return "Session[username=" + username + ", expiresAt=" + expiresAt + "]"; // never the tokens
        }
    }

    private final Path file;

    public SessionFile(Path file) {
        this.file = file;
    }

    public static SessionFile from(Map<String, String> env) {
        String explicit = env.get("VIGIL_SESSION_FILE");
        if (explicit != null && !explicit.isBlank()) {
            return new SessionFile(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new SessionFile(config.resolve("vigil").resolve("sessions.json"));
    }

    public Path path() {
        return file;
    }

    public synchronized Optional<Session> find(String server) throws IOException {
        JsonNode node = read().get(server);
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.treeToValue(node, Session.class));
    }

    public synchronized void save(String server, Session session) throws IOException {
        ObjectNode all = read();
        all.set(server, Json.MAPPER.valueToTree(session));
        write(all);
    }

    public synchronized void remove(String server) throws IOException {
        ObjectNode all = read();
        if (all.remove(server) != null) {
            write(all);
        }
    }

    private ObjectNode read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Json.MAPPER.createObjectNode();
        }
        if (POSIX && !Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
            Files.setPosixFilePermissions(file, OWNER_FILE); // someone widened it: tokens are for its owner only
        }
        JsonNode node = Json.parse(Files.readString(file));
        return node.isObject() ? (ObjectNode) node : Json.MAPPER.createObjectNode();
    }

    private void write(ObjectNode all) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path temp = POSIX ? Files.createTempFile(dir, ".sessions", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(dir, ".sessions", ".tmp");
        try {
            Files.writeString(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(all));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
