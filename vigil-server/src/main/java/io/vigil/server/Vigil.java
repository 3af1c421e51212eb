package io.vigil.server;

import io.vigil.server.api.DocsApi;
import io.vigil.server.api.HealthApi;
import io.vigil.server.api.Routes;
import io.vigil.server.config.VigilConfig;
import io.vigil.server.datasets.DatasetRepository;
import io.vigil.server.datasets.DatasetService;
import io.vigil.server.datasets.DatasetsApi;
import io.vigil.server.http.HttpServer;
import io.vigil.server.http.Route;
import io.vigil.server.persistence.Database;
import io.vigil.server.persistence.DatabaseSettings;
import io.vigil.server.storage.BlobStore;
import io.vigil.server.storage.BlobStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Vigil: the database, storage, services and HTTP server, wired together in one place
 * and stopped in reverse order.
 */
public final class Vigil implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Vigil.class);
    public static final String VERSION = versionOf(Vigil.class);

    private final VigilConfig config;
    private final Database database;
    private final HttpServer http;
    private final List<Route> routes;

    private Vigil(VigilConfig config, Database database, HttpServer http, List<Route> routes) {
        this.config = config;
        this.database = database;
        this.http = http;
        this.routes = routes;
    }

    public static Vigil start(VigilConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static Vigil start(VigilConfig config, Clock clock) {
        long begin = System.nanoTime();
        createDirectories(config);
        BlobStore blobs = BlobStores.create(config.storageDriver(), config.dataDir());
        try {
            blobs.sweepTemporary();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean temporary files of storage under " + config.dataDir(), e);
        }
        Database database = Database.start(new DatabaseSettings(config.dbUrl(), config.dbUser(), config.dbPassword(),
                config.embeddedDbDir(), config.dbEmbeddedPort(), config.dbPoolSize()));
        try {
            DatasetService datasets = new DatasetService(new DatasetRepository(database.jdbi()), blobs, clock,
                    config.maxUploadBytes());
            sweepOrphans(datasets);
            HealthApi health = new HealthApi(Map.of("database", database::checkHealth, "storage", blobs::checkHealth),
                    clock, VERSION);
            List<Route> routes = Routes.all(health, new DocsApi(), new DatasetsApi(datasets));
            HttpServer http = HttpServer.start(
                    new HttpServer.Settings(config.host(), config.port(), config.maxUploadBytes(), config.uploadTempDir(),
                            config.shutdownTimeoutSeconds()),
                    routes);
            log.atInfo().addKeyValue("version", VERSION).addKeyValue("port", http.port())
                    .addKeyValue("embeddedDatabase", database.isEmbedded()).addKeyValue("dataDir", config.dataDir())
                    .addKeyValue("startMs", (System.nanoTime() - begin) / 1_000_000).log("Vigil started");
            return new Vigil(config, database, http, routes);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public VigilConfig config() {
        return config;
    }

    /** The route table this instance serves. */
    public List<Route> routes() {
        return routes;
    }

    /** Stops taking requests, lets running ones finish, then closes the database. */
    @Override
    public void close() {
        log.info("Vigil stopping");
        try {
            http.close();
        } finally {
            database.close();
        }
        log.info("Vigil stopped");
    }

    private static void createDirectories(VigilConfig config) {
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.uploadTempDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir() + " (VIGIL_DATA_DIR)", e);
        }
    }

    /** A crash between storing an upload and recording it leaves a blob nobody points to. */
    private static void sweepOrphans(DatasetService datasets) {
        try {
            int removed = datasets.sweepOrphanBlobs(Duration.ofHours(1));
            if (removed > 0) {
                log.atInfo().addKeyValue("removed", removed).log("removed orphan blobs left by an interrupted upload");
            }
        } catch (IOException | RuntimeException e) {
            log.atWarn().setCause(e).log("could not sweep orphan blobs; will try at the next start");
        }
    }

    private static String versionOf(Class<?> type) {
        String v = type.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
