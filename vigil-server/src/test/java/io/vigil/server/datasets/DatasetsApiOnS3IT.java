package io.vigil.server.datasets;

import io.vigil.server.testing.S3MockServer;
import io.vigil.server.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link DatasetsApiIT}, every test of it, with the server's blobs in S3 (S3Mock on loopback):
 * uploads, previews, downloads, concatenation and deletion go through the S3 driver.
 */
class DatasetsApiOnS3IT extends DatasetsApiIT {
    @BeforeAll
    static void start() { // hides DatasetsApiIT.start: the same tests, another store
        server = TestServer.start(S3MockServer.serverEnv());
        http = server.http();
    }
}
