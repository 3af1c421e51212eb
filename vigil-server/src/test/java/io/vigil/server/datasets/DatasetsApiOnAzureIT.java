package io.vigil.server.datasets;

import io.vigil.server.testing.AzuriteServer;
import io.vigil.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;

/** {@link DatasetsApiIT}, every test of it, with the server's blobs in Azure Blob Storage (Azurite on loopback). */
class DatasetsApiOnAzureIT extends DatasetsApiIT {
    @BeforeAll
    static void start() { // hides DatasetsApiIT.start: the same tests, another store
        server = TestServer.start(AzuriteServer.serverEnv());
        http = server.http();
    }
}
