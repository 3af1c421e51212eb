package io.vigil.server.testing;

import io.vigil.server.storage.s3.S3Settings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * One S3Mock (Adobe's S3 server for tests) per test JVM, on loopback, started on first use.
 *
 * <p>It runs in a child JVM from its own runnable jar ({@code com.adobe.testing:s3mock:exec}, on the
 * test class path only so that Maven fetches it): in-process, its Spring Boot would put Tomcat's
 * servlet API beside Jetty's and reconfigure Logback for the whole test JVM. It stops with the JVM.
 */
public final class S3MockServer {
    public static final String ACCESS_KEY = "vigil-test-access";
    public static final String SECRET_KEY = "vigil-test-secret-" + Long.toString(System.nanoTime(), 36);
    private static RuntimeException failure;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static URI endpoint;
    private static S3Client client;

    private S3MockServer() {}

    /** The server's URL, starting it on first call (about 5 s). */
    public static synchronized URI endpoint() {
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

    /** A raw S3 client for tests that look behind the store's back. */
    public static synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .build();
        }
        return client;
    }

    /** A new, empty bucket; its name is unique in this JVM. */
    public static String newBucket() {
        String name = "vigil-test-" + BUCKETS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        client().createBucket(b -> b.bucket(name));
        return name;
    }

    /** Settings of the S3 driver on {@code bucket}, path-style as S3-compatible servers want. */
    public static S3Settings settings(String bucket) {
        return new S3Settings(endpoint(), "us-east-1", bucket, "", ACCESS_KEY, SECRET_KEY, true, null, null);
    }

    /** The {@code VIGIL_*} variables that put a test server's blobs in a new bucket of this S3. */
    public static Map<String, String> serverEnv() {
        return Map.of("VIGIL_STORAGE_DRIVER", "s3", "VIGIL_S3_ENDPOINT", endpoint().toString(), "VIGIL_S3_BUCKET", newBucket(),
                "VIGIL_S3_ACCESS_KEY", ACCESS_KEY, "VIGIL_S3_SECRET_KEY", SECRET_KEY, "VIGIL_S3_PATH_STYLE", "true");
    }

    private static URI start() {
        String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("s3mock") && p.endsWith("-exec.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("S3Mock's runnable jar (com.adobe.testing:s3mock:exec) is not on the test class path"));
        long begin = System.nanoTime();
        try {
            int port = freePort();
            Path root = Files.createTempDirectory("vigil-s3mock-");
            Path log = root.resolveSibling(root.getFileName() + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-jar", jar,
                    "--http.port=" + port, "--server.port=0", "--server.address=127.0.0.1",
                    "--vectors.http.port=0", "--vectors.https.port=0",
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.retain-files-on-exit=false",
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "s3mock-stop"));
            waitForPort(process, port, log, Duration.ofSeconds(90));
            System.out.println("S3Mock listening on 127.0.0.1:" + port + " after " + (System.nanoTime() - begin) / 1_000_000 + " ms");
            return URI.create("http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitForPort(Process process, int port, Path log, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ": " + tail(log));
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
        throw new IllegalStateException("S3Mock did not listen on " + port + " within " + limit + ": " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
