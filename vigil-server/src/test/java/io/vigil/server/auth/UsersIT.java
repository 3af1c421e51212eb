package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.server.testing.HttpTestClient;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What admins do to users, and what it does to the users' sessions and tokens. */
class UsersIT {
    static TestServer server;
    static HttpTestClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.http();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void adminsCreateListAndChangeUsers() {
        Response created = admin.postJson("/auth/users", user("Casey", "analyst", "casey-password-1"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode casey = created.json();
        assertThat(casey.has("password")).isFalse();
        assertThat(casey.has("passwordHash")).isFalse();
        assertThat(created.header("Location")).isEqualTo("/auth/users/" + casey.get("id").asText());
        assertThat(admin.postJson("/auth/users", user("casey", "service", "another-password")).status())
                .as("names are case-insensitive").isEqualTo(409);

        Response bad = admin.postJson("/auth/users", user("-x", "wizard", "short"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field")).containsExactly("username", "role", "password");
        assertThat(admin.postJson("/auth/users", user("sam", "analyst", "sam")).status()).isEqualTo(400);

        assertThat(admin.get("/auth/users").json().get("items").findValuesAsText("username")).contains("admin", "Casey");
        String id = casey.get("id").asText();
        assertThat(admin.get("/auth/users/" + id).json().get("role").asText()).isEqualTo("analyst");

        HttpTestClient asCasey = loggedIn("Casey", "casey-password-1");
        assertThat(asCasey.get("/ml/datasets").status()).isEqualTo(403);
        Response promoted = admin.send("PATCH", "/auth/users/" + id, "application/json", "{\"role\": \"data_scientist\"}".getBytes());
        assertThat(promoted.json().get("role").asText()).isEqualTo("data_scientist");
        assertThat(asCasey.get("/ml/datasets").status()).as("the same token, the new role, at once on this instance").isEqualTo(200);
        assertThat(admin.send("PATCH", "/auth/users/" + id, "application/json", "{}".getBytes()).status()).isEqualTo(400);
    }

    @Test
    void disablingAUserEndsItsSessionsAndItsTokens() {
        String id = server.createUser("dana", Role.ANALYST);
        JsonNode session = login("dana", TestServer.USER_PASSWORD).json();
        HttpTestClient asDana = server.anonymous().withBearer(session.get("token").asText());
        assertThat(asDana.get("/auth/me").status()).isEqualTo(200);

        assertThat(patch(id, "{\"disabled\": true}").json().get("disabled").asBoolean()).isTrue();
        assertThat(asDana.get("/auth/me").status()).isEqualTo(401);
        assertThat(server.anonymous().postJson("/auth/refresh", "{\"refreshToken\": \"" + session.get("refreshToken").asText() + "\"}")
                .status()).isEqualTo(401);
        Response refused = login("dana", TestServer.USER_PASSWORD);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("detail").asText()).isEqualTo("wrong username or password");

        patch(id, "{\"disabled\": false}");
        assertThat(login("dana", TestServer.USER_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aPasswordResetEndsTheUsersSessions() {
        String id = server.createUser("erin", Role.SERVICE);
        JsonNode session = login("erin", TestServer.USER_PASSWORD).json();
        Response reset = admin.postJson("/auth/users/" + id + "/password", "{\"password\": \"erins-new-password\"}");
        assertThat(reset.status()).isEqualTo(204);
        assertThat(server.anonymous().postJson("/auth/refresh", "{\"refreshToken\": \"" + session.get("refreshToken").asText() + "\"}")
                .status()).isEqualTo(401);
        assertThat(login("erin", TestServer.USER_PASSWORD).status()).isEqualTo(401);
        assertThat(login("erin", "erins-new-password").status()).isEqualTo(200);
        assertThat(admin.postJson("/auth/users/" + id + "/password", "{\"password\": \"short\"}").status()).isEqualTo(400);
        assertThat(admin.postJson("/auth/users/00000000-0000-0000-0000-000000000000/password", "{\"password\": \"long enough now\"}")
                .status()).isEqualTo(404);
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledOrDemoted() {
        String first = admin.get("/auth/me").json().get("id").asText();
        String second = server.createUser("second-admin", Role.ADMIN);
        assertThat(patch(second, "{\"disabled\": true}").status()).as("two admins: one may go").isEqualTo(200);
        Response disable = patch(first, "{\"disabled\": true}");
        assertThat(disable.status()).isEqualTo(409);
        assertThat(disable.json().get("detail").asText()).contains("last enabled admin");
        assertThat(patch(first, "{\"role\": \"analyst\"}").status()).isEqualTo(409);
        assertThat(admin.get("/auth/me").status()).isEqualTo(200);
    }

    private static Response patch(String id, String body) {
        return admin.send("PATCH", "/auth/users/" + id, "application/json", body.getBytes());
    }

    private static Response login(String username, String password) {
        return server.anonymous().postJson("/auth/login", "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
    }

    private static HttpTestClient loggedIn(String username, String password) {
        Response r = login(username, password);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return server.anonymous().withBearer(r.json().get("token").asText());
    }

    private static String user(String username, String role, String password) {
        return "{\"username\": \"" + username + "\", \"role\": \"" + role + "\", \"password\": \"" + password + "\"}";
    }
}
