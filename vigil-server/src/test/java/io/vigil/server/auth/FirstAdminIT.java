package io.vigil.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vigil.server.testing.HttpTestClient.Response;
import io.vigil.server.testing.TestPostgres;
import io.vigil.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The first start makes one admin: its generated password printed once on the console, never logged. */
class FirstAdminIT {
    private static final Pattern SHOWN = Pattern.compile("shown once, never again\\):\\s+(\\S+)");

    @Test
    void aGeneratedPasswordIsPrintedOnceAndNeverLogged() {
        String db = TestPostgres.freshDatabaseUrl();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new Tee(original, console), true, StandardCharsets.UTF_8));
        String password;
        try {
            try (TestServer server = TestServer.start(Map.of("VIGIL_ADMIN_PASSWORD", "", "VIGIL_DB_URL", db))) {
                Matcher shown = SHOWN.matcher(console.toString(StandardCharsets.UTF_8));
                assertThat(shown.find()).as("the password on the console").isTrue();
                password = shown.group(1);
                Response login = server.anonymous().postJson("/auth/login",
                        "{\"username\": \"admin\", \"password\": \"" + password + "\"}");
                assertThat(login.status()).isEqualTo(200);
            }
            try (TestServer again = TestServer.start(Map.of("VIGIL_ADMIN_PASSWORD", "", "VIGIL_DB_URL", db))) {
                assertThat(again.anonymous().postJson("/auth/login", "{\"username\": \"admin\", \"password\": \"" + password + "\"}")
                        .status()).as("the same admin after a restart").isEqualTo(200);
            }
        } finally {
            System.setOut(original);
            root.detachAppender(logged);
        }
        String all = console.toString(StandardCharsets.UTF_8);
        assertThat(all.split(Pattern.quote(password), -1)).as("printed exactly once, console and log lines together").hasSize(2);
        assertThat(password).hasSizeGreaterThanOrEqualTo(40);
        for (ILoggingEvent event : logged.list) {
            assertThat(event.getFormattedMessage() + " " + event.getKeyValuePairs()).doesNotContain(password);
        }
        assertThat(logged.list).anyMatch(e -> e.getFormattedMessage().equals("first admin created"));
    }

    @Test
    void instancesStartingTogetherOnOneDatabaseMakeOneAdmin() throws Exception {
        String db = TestPostgres.freshDatabaseUrl();
        int instances = 3;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Future<TestServer>> starting = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String password = "concurrent-admin-password-" + i;
            starting.add(pool.submit(() -> TestServer.start(Map.of("VIGIL_ADMIN_PASSWORD", password, "VIGIL_DB_URL", db))));
        }
        List<TestServer> servers = new ArrayList<>();
        try {
            for (Future<TestServer> s : starting) {
                servers.add(s.get());
            }
            int working = 0;
            String token = null;
            for (int i = 0; i < instances; i++) {
                Response r = servers.get(0).anonymous().postJson("/auth/login",
                        "{\"username\": \"admin\", \"password\": \"concurrent-admin-password-" + i + "\"}");
                if (r.status() == 200) {
                    working++;
                    token = r.json().get("token").asText();
                }
            }
            assertThat(working).as("one admin, with one of the passwords").isEqualTo(1);
            for (TestServer s : servers) {
                assertThat(s.anonymous().withBearer(token).get("/auth/users").json().get("total").asInt()).isEqualTo(1);
            }
        } finally {
            servers.forEach(TestServer::close);
            pool.shutdown();
        }
    }

    /** Writes to both streams: the console still shows what the test captures. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
