package io.vigil.server.http;

import java.util.List;

/**
 * The path traversal payloads of {@link TraversalAttacksIT}, grouped by the CVE class each one
 * reproduces. Each payload is written twice: as it goes into a URI (escaped, or raw where an HTTP
 * client would never send it so) and as a client puts it in a form field or a JSON string (decoded).
 * Each one aims at {@code secret.txt} in the test's sandbox, the directory just outside the data
 * directory, climbing as far as needed from wherever a server might join it.
 */
final class TraversalPayloads {
    static final String SECRET_FILE = "secret.txt";
    private static final int CLIMB = 12;

    /** One attack: {@code inUri} as sent in a request-target (path segment or query value), {@code decoded} as a field's text. */
    record Payload(String label, String inUri, String decoded) {
        @Override
        public String toString() {
            return label;
        }
    }

    private TraversalPayloads() {}

    /** From {@code ../} to the planted file, as far up as a server might start. */
    private static String climbed(String sandbox) {
        return "../".repeat(CLIMB) + target(sandbox);
    }

    /** The planted file relative to the filesystem's root ({@code sandbox} is absolute). */
    private static String target(String sandbox) {
        return sandbox.substring(1) + "/" + SECRET_FILE;
    }

    /** MLflow relative path traversal (CVE-2023-1177, CVE-2023-2356). */
    private static List<Payload> relative(String sandbox) {
        String climbed = climbed(sandbox);
        return List.of(
                raw("../", climbed),
                new Payload("..%2f", climbed.replace("/", "%2f"), climbed),
                new Payload("%2e%2e%2f", climbed.replace(".", "%2e").replace("/", "%2f"), climbed),
                new Payload("%2e%2e/", climbed.replace("..", "%2e%2e"), climbed),
                new Payload("%2E%2E%2F upper case", climbed.replace(".", "%2E").replace("/", "%2F"), climbed),
                new Payload("..%2fsecret.txt (the data directory's own root)", "..%2f..%2f" + SECRET_FILE, "../../" + SECRET_FILE),
                new Payload("a lone %2e%2e segment", "%2e%2e", ".."),
                raw("....// (a filter that strips ../ once)", "....//".repeat(CLIMB) + target(sandbox)));
    }

    /** MLflow double-decoding bypass (CVE-2024-1560). */
    private static List<Payload> doubleDecoding(String sandbox) {
        String climbed = climbed(sandbox);
        return List.of(
                new Payload("%252e%252e%252f", climbed.replace(".", "%252e").replace("/", "%252f"),
                        climbed.replace(".", "%2e").replace("/", "%2f")),
                new Payload("..%252f", climbed.replace("/", "%252f"), climbed.replace("/", "%2f")));
    }

    /** MLflow backslash traversal (CVE-2023-2780), Windows absolute and UNC paths. */
    private static List<Payload> backslash(String sandbox) {
        String climbed = climbed(sandbox);
        return List.of(
                raw("..\\ raw", climbed.replace("/", "\\")),
                new Payload("..%5c", climbed.replace("/", "%5c"), climbed.replace("/", "\\")),
                new Payload("%2e%2e%5c", climbed.replace(".", "%2e").replace("/", "%5c"), climbed.replace("/", "\\")),
                new Payload("C:%5CWindows%5Cwin.ini", "C:%5CWindows%5Cwin.ini", "C:\\Windows\\win.ini"),
                raw("C:\\Windows\\win.ini raw", "C:\\Windows\\win.ini"),
                new Payload("%5C%5Cserver%5Cshare UNC", "%5C%5Cserver%5Cshare%5C" + SECRET_FILE, "\\\\server\\share\\" + SECRET_FILE));
    }

    /** MLflow ';' path-parameter smuggling (CVE-2024-1593). */
    private static List<Payload> pathParameter(String sandbox) {
        String climbed = climbed(sandbox);
        return List.of(
                raw("..;/", climbed.replace("../", "..;/")),
                new Payload("..;x=1%2f", climbed.replace("../", "..;x=1%2f"), climbed.replace("../", "..;x=1/")),
                new Payload("%2e%2e%3b/", climbed.replace("../", "%2e%2e%3b/"), climbed.replace("../", "..;/")));
    }

    /** MLflow '#' fragment bypass (CVE-2024-3848). */
    private static List<Payload> fragment(String sandbox) {
        String climbed = climbed(sandbox);
        return List.of(new Payload("x%23%2f..%2f", "x%23%2f" + climbed.replace("/", "%2f"), "x#/" + climbed));
    }

    /** H2O arbitrary file read by absolute path (CVE-2023-6038). */
    private static List<Payload> absolute(String sandbox) {
        String planted = "/" + target(sandbox);
        return List.of(
                raw("/etc/passwd raw", "/etc/passwd"),
                new Payload("%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "/etc/passwd"),
                new Payload("the planted file's absolute path", planted.replace("/", "%2F"), planted),
                new Payload("file:%2F%2F%2Fetc%2Fpasswd", "file:%2F%2F%2Fetc%2Fpasswd", "file:///etc/passwd"),
                raw("file:///etc/passwd raw", "file:///etc/passwd"));
    }

    /** NUL byte truncation (CWE-158; no one CVE number). */
    private static List<Payload> nulByte(String sandbox) {
        String climbed = climbed(sandbox);
        return List.of(
                new Payload("secret.txt%00.csv", SECRET_FILE + "%00.csv", SECRET_FILE + "\u0000.csv"),
                new Payload("%00 alone", "%00", "\u0000"),
                new Payload("..%2f%00", climbed.replace("/", "%2f") + "%00", climbed + "\u0000"),
                raw("a raw NUL byte", "..\u0000/" + SECRET_FILE));
    }

    /**
     * IIS overlong UTF-8 traversal (CVE-2000-0884), its %u kin and Unicode look-alikes that NFKC folds
     * to dots and slashes. The overlong ones have no text form: {@code decoded} is null, a field gets the bytes.
     */
    private static List<Payload> overlongUtf8(String sandbox) {
        String climbed = climbed(sandbox);
        return List.of(
                new Payload("%c0%ae%c0%ae%c0%af", climbed.replace(".", "%c0%ae").replace("/", "%c0%af"), null),
                new Payload("..%c0%af", climbed.replace("/", "%c0%af"), null),
                new Payload("%c0%ae%c0%ae/", climbed.replace(".", "%c0%ae"), null),
                new Payload("%e0%80%ae three-byte overlong", climbed.replace(".", "%e0%80%ae").replace("/", "%e0%80%af"), null),
                new Payload("%u002e%u002e%u2215 (IIS %u escapes)", climbed.replace(".", "%u002e").replace("/", "%u2215"), null),
                new Payload("fullwidth %ef%bc%8e%ef%bc%8e%ef%bc%8f", climbed.replace(".", "%ef%bc%8e").replace("/", "%ef%bc%8f"),
                        climbed.replace(".", "\uff0e").replace("/", "\uff0f")),
                new Payload("two-dot leader %e2%80%a5", climbed.replace("..", "%e2%80%a5"), climbed.replace("..", "\u2025")));
    }

    /** A CVE class, as the tests name it, and its payloads. */
    record CveClass(String name, List<Payload> payloads) {}

    /** Every class, each payload aimed at {@code sandbox}'s planted file. */
    static List<CveClass> classes(String sandbox) {
        return List.of(
                new CveClass("MLflow relative path traversal (CVE-2023-1177, CVE-2023-2356)", relative(sandbox)),
                new CveClass("MLflow double-decoding bypass (CVE-2024-1560)", doubleDecoding(sandbox)),
                new CveClass("MLflow backslash traversal (CVE-2023-2780) and Windows paths", backslash(sandbox)),
                new CveClass("MLflow ';' path-parameter smuggling (CVE-2024-1593)", pathParameter(sandbox)),
                new CveClass("MLflow '#' fragment bypass (CVE-2024-3848)", fragment(sandbox)),
                new CveClass("H2O arbitrary file read by absolute path (CVE-2023-6038)", absolute(sandbox)),
                new CveClass("NUL byte truncation (CWE-158)", nulByte(sandbox)),
                new CveClass("IIS overlong UTF-8 traversal (CVE-2000-0884) and Unicode look-alikes", overlongUtf8(sandbox)));
    }

    /** Every payload of every class. */
    static List<Payload> all(String sandbox) {
        return classes(sandbox).stream().flatMap(c -> c.payloads().stream()).toList();
    }

    /** Sent as is, byte for byte: an HTTP client would escape or refuse it. */
    private static Payload raw(String label, String text) {
        return new Payload(label, text, text);
    }
}
