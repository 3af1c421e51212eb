package io.vigil.server.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dashboard's files, read once from the server's own classpath ({@code ui/} in the jar, and the
 * chart library from its WebJar) and held in memory: nothing is read from disk at request time, and
 * only a path that names one of these files is ever answered, so no request can reach a file outside them.
 *
 * <p>One content hash covers them all: every asset is served under {@code /ui/assets/<hash>/}, so the
 * files import each other by relative paths, a browser keeps them for a year, and a new version of
 * any file is a new hash, which the shell (never cached) names.
 */
public final class UiFiles {
    /** Where the dashboard's files are on the classpath. */
    static final String ROOT = "ui/";
    /** The page every dashboard path answers; its links to the assets are made at start. */
    static final String SHELL = "index.html";
    /** Written in {@code index.html} where the assets' base path goes. */
    static final String ASSETS_PLACEHOLDER = "{{assets}}";
    /** Under what path the chart library is served, beside the dashboard's own files. */
    static final String CHARTS = "vendor/echarts.esm.min.js";
    private static final String CHARTS_RESOURCE = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.esm.min.js";

    // a file's path: segments of letters, digits, dot, dash and underscore, none starting with a dot
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "woff2", "font/woff2");

    private final Map<String, UiFile> assets;
    private final String hash;
    private final UiFile shell;

    private UiFiles(Map<String, UiFile> assets, String hash, UiFile shell) {
        this.assets = assets;
        this.hash = hash;
        this.shell = shell;
    }

    /** Reads the files from the classpath; fails if the jar lacks them. */
    public static UiFiles load() {
        Map<String, byte[]> files = new TreeMap<>(read(ROOT));
        files.put(CHARTS, resource(CHARTS_RESOURCE));
        byte[] shellSource = files.remove(SHELL);
        if (shellSource == null) {
            throw new IllegalStateException("ui/" + SHELL + " is missing from the server jar");
        }
        String hash = hash(files, shellSource);
        Map<String, UiFile> assets = new TreeMap<>();
        files.forEach((path, bytes) -> assets.put(path, new UiFile(path, typeOf(path), bytes)));
        String page = new String(shellSource, StandardCharsets.UTF_8).replace(ASSETS_PLACEHOLDER, assetsBase(hash));
        return new UiFiles(Map.copyOf(assets), hash, new UiFile(SHELL, typeOf(SHELL), page.getBytes(StandardCharsets.UTF_8)));
    }

    /** The content hash of all the files. */
    public String hash() {
        return hash;
    }

    /** The page of every dashboard path, its assets' links made. */
    public UiFile shell() {
        return shell;
    }

    /** The asset at {@code path} under the assets' base, if there is one. */
    public Optional<UiFile> asset(String path) {
        if (path == null || !SAFE_PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        return Optional.ofNullable(assets.get(path));
    }

    /** Every asset's path, sorted. */
    public java.util.Set<String> paths() {
        return new java.util.TreeSet<>(assets.keySet());
    }

    static String assetsBase(String hash) {
        return "/ui/assets/" + hash;
    }

    static String typeOf(String path) {
        int dot = path.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
        return type == null ? "application/octet-stream" : type;
    }

    /** SHA-256 over every file's path and bytes, in path order; the first 16 hex digits are plenty to tell versions apart. */
    private static String hash(Map<String, byte[]> files, byte[] shellSource) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(shellSource);
            files.forEach((path, bytes) -> {
                sha.update(path.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under the classpath directory {@code root}, by its path below it; from a directory or from a jar. */
    private static Map<String, byte[]> read(String root) {
        URL marker = UiFiles.class.getClassLoader().getResource(root + SHELL);
        if (marker == null) {
            throw new IllegalStateException(root + SHELL + " is missing from the server jar");
        }
        try {
            if (marker.openConnection() instanceof JarURLConnection jar) {
                jar.setUseCaches(false); // a JarFile of our own, closed here, not the class loader's
                try (JarFile file = jar.getJarFile()) {
                    return readJar(file, root);
                }
            }
            return readTree(Path.of(marker.toURI()).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, byte[]> readJar(JarFile jar, String root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (JarEntry entry : java.util.Collections.list(jar.entries())) {
            if (!entry.isDirectory() && entry.getName().startsWith(root)) {
                try (InputStream in = jar.getInputStream(entry)) {
                    files.put(checked(entry.getName().substring(root.length())), in.readAllBytes());
                }
            }
        }
        return files;
    }

    private static Map<String, byte[]> readTree(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                files.put(checked(dir.relativize(file).toString().replace('\\', '/')), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static String checked(String relative) {
        if (!SAFE_PATH.matcher(relative).matches()) {
            throw new IllegalStateException("ui/" + relative + ": a dashboard file's name takes letters, digits, '.', '-' and '_'");
        }
        return relative;
    }

    private static byte[] resource(String name) {
        try (InputStream in = UiFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath (the echarts WebJar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
