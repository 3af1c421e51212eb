package io.vigil.server.testing;

import io.vigil.server.storage.azure.AzureSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Azurite (Microsoft's Azure Storage emulator, from npm) per test JVM, on loopback, started on
 * first use. It is installed once into {@code ~/.cache/vigil-azurite/<version>} with npm ({@code .ci/run}
 * does it before the tests; otherwise the first test run does, which takes a few minutes).
 */
public final class AzuriteServer {
    public static final String VERSION = "3.37.0";
    /** Azurite's well-known development account and key (public, in Microsoft's documentation). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static RuntimeException failure;
    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    private static String endpoint;

    private AzuriteServer() {}

    /** The blob service's URL ({@code http://127.0.0.1:<port>/devstoreaccount1}), starting Azurite on first call. */
    public static synchronized String endpoint() {
        if (failure != null) {
            throw failure; // one attempt per JVM: the other tests fail fast with the same reason
        }
        if (endpoint == null) {
            try {
                endpoint = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return endpoint;
    }

    public static String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=" + endpoint() + ";";
    }

    /** A new, empty container; its name is unique in this JVM. */
    public static String newContainer() {
        String name = "vigil-test-" + CONTAINERS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        new com.azure.storage.blob.BlobServiceClientBuilder().connectionString(connectionString())
                .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
                .buildClient().createBlobContainer(name);
        return name;
    }

    /** Settings of the Azure driver on {@code container}: account, key and endpoint (the connection string form is tested too). */
    public static AzureSettings settings(String container) {
        return new AzureSettings(null, ACCOUNT, KEY, endpoint(), container, "");
    }

    /** The {@code VIGIL_*} variables that put a test server's blobs in a new container of this Azurite. */
    public static java.util.Map<String, String> serverEnv() {
        return java.util.Map.of("VIGIL_STORAGE_DRIVER", "azure", "VIGIL_AZURE_CONNECTION_STRING", connectionString(),
                "VIGIL_AZURE_CONTAINER", newContainer());
    }

    public static Path installDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "vigil-azurite", VERSION);
    }

    private static String start() {
        long begin = System.nanoTime();
        try {
            Path bin = installDir().resolve("node_modules").resolve(".bin").resolve("azurite-blob");
            if (!Files.isExecutable(bin)) {
                install();
            }
            int port = freePort();
            Path location = Files.createTempDirectory("vigil-azurite-");
            Path log = location.resolveSibling(location.getFileName() + ".log");
            Process process = new ProcessBuilder(List.of(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                    "--location", location.toString(), "--skipApiVersionCheck", "--loose", "--silent"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                try {
                    try {
                        process.onExit().get(2, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException slow) { // Azurite does not always end on SIGTERM
                        process.destroyForcibly().onExit().get(3, TimeUnit.SECONDS);
                    }
                    deleteTree(location); // its blobs and its log: nothing of the run left in the temporary directory
                    Files.deleteIfExists(log);
                } catch (Exception leftBehind) {
                    // a JVM stopping in a hurry: the OS's cleaning of its temporary directory takes what is left
                }
            }, "azurite-stop"));
            waitForPort(process, port, log, Duration.ofSeconds(60));
            System.out.println("Azurite listening on 127.0.0.1:" + port + " after " + (System.nanoTime() - begin) / 1_000_000 + " ms");
            return "http://127.0.0.1:" + port + "/" + ACCOUNT;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void install() throws IOException {
        Files.createDirectories(installDir());
        try {
            Process npm = new ProcessBuilder(List.of("npm", "install", "--prefix", installDir().toString(), "azurite@" + VERSION,
                    "--no-audit", "--no-fund", "--loglevel=error")).inheritIO().start();
            if (!npm.waitFor(15, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm install azurite@" + VERSION + " into " + installDir() + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void waitForPort(Process process, int port, Path log, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        process.destroy();
        throw new IllegalStateException("Azurite did not listen on " + port + " within " + limit + ": " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
