package io.vigil.cli.commands;

import io.vigil.cli.FakeVigil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Command tests that talk to a fresh {@link FakeVigil} each. */
abstract class AgainstFakeVigil {
    FakeVigil server;

    @BeforeEach
    void startFakeServer() throws Exception {
        server = new FakeVigil();
    }

    @AfterEach
    void stopFakeServer() {
        server.close();
    }
}
