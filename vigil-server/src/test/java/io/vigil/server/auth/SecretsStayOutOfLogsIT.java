package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.ChildServer;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server run at DEBUG, everything it wrote (log and console) read afterwards for every
 * secret that passed through it: the admin's and a user's passwords (old and new), a wrong password,
 * access and refresh tokens, an API key and the stored signing secret. None may appear.
 */
class SecretsStayOutOfLogsIT {
    @TempDir
    Path dir;

    @Test
    void noPasswordTokenOrKeyIsEverLogged() throws Exception {
        String adminPassword = "admin-secret-" + System.nanoTime();
        String url = TestPostgres.freshDatabaseUrl();
        Map<String, String> env = new java.util.HashMap<>(ChildServer.database(url));
        env.put("VIGIL_ADMIN_PASSWORD", adminPassword);
        env.put("VIGIL_LOG_LEVEL", "DEBUG");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("admin password", adminPassword);
        try (ChildServer server = ChildServer.start(dir, List.of("-Xmx512m"), env)) {
            HttpTestClient nobody = new HttpTestClient(server.http().base());
            JsonNode session = nobody.postJson("/auth/login", login("admin", adminPassword)).json();
            secrets.put("access token", session.get("token").asText());
            secrets.put("refresh token", session.get("refreshToken").asText());
            HttpTestClient admin = nobody.withBearer(session.get("token").asText());

            String wrong = "wrong-guess-" + System.nanoTime();
            secrets.put("wrong password", wrong);
            assertThat(nobody.postJson("/auth/login", login("admin", wrong)).status()).isEqualTo(401);
            assertThat(nobody.postJson("/auth/login", login("no-such-user", wrong)).status()).isEqualTo(401);

            String userPassword = "user-secret-" + System.nanoTime();
            secrets.put("user password", userPassword);
            String userId = admin.postJson("/auth/users", "{\"username\": \"logged\", \"role\": \"analyst\", \"password\": \""
                    + userPassword + "\"}").json().get("id").asText();
            JsonNode userSession = nobody.postJson("/auth/login", login("logged", userPassword)).json();
            JsonNode refreshed = nobody.postJson("/auth/refresh", "{\"refreshToken\": \"" + userSession.get("refreshToken").asText() + "\"}").json();
            secrets.put("user's refreshed token", refreshed.get("token").asText());
            secrets.put("user's refreshed refresh token", refreshed.get("refreshToken").asText());
            assertThat(nobody.withBearer(refreshed.get("token").asText()).get("/ml/datasets").status()).isEqualTo(403);
            String newPassword = "user-new-secret-" + System.nanoTime();
            secrets.put("reset password", newPassword);
            assertThat(admin.postJson("/auth/users/" + userId + "/password", "{\"password\": \"" + newPassword + "\"}").status()).isEqualTo(204);

            JsonNode key = admin.postJson("/auth/keys", "{\"name\": \"logged-key\", \"role\": \"service\"}").json();
            secrets.put("API key", key.get("key").asText());
            HttpTestClient asKey = nobody.withApiKey(key.get("key").asText());
            assertThat(asKey.postJson("/ml/predict", "{\"modelType\": \"x\", \"features\": {\"a\": 1}}").status()).isEqualTo(404);
            assertThat(asKey.get("/ml/datasets").status()).isEqualTo(403);
            assertThat(nobody.withBearer(key.get("key").asText()).get("/auth/me").status()).isEqualTo(200);
            assertThat(admin.delete("/auth/keys/" + key.get("id").asText()).status()).isEqualTo(204);
            assertThat(asKey.get("/auth/me").status()).isEqualTo(401);
            assertThat(nobody.postJson("/auth/logout", "{\"refreshToken\": \"" + session.get("refreshToken").asText() + "\"}").status())
                    .isEqualTo(204);
            secrets.put("signing secret", storedSigningSecret(url));
        }
        String log = Files.readString(dir.resolve("server.log")); // everything, to the last line of the shutdown
        assertThat(log).contains(" DEBUG ", "login failed", "API key created", "key=" + secrets.get("API key").substring(0, 12),
                "caller=admin", "status=401");
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertThat(log).as("the %s in the server's output", secret.getKey()).doesNotContain(secret.getValue());
        }
        System.out.println("searched " + log.length() + " characters of a DEBUG run's output for " + secrets.size() + " secrets: none found");
    }

    private static String storedSigningSecret(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
             ResultSet rs = c.createStatement().executeQuery("select value from auth_secrets where name = 'jwt.hs256'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static String login(String username, String password) {
        return "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}";
    }
}
