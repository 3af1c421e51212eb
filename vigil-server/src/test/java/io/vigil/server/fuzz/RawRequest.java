package io.vigil.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A request under construction; strings hold bytes (ISO-8859-1), so any byte can be written. */
final class RawRequest {
    String method;
    String target;
    String host;
    String version = "HTTP/1.1";
    String connection = "close";
    String lineEnd = "\r\n";
    String prefix = "";
    String suffix = "";
    String length;
    String transferEncoding = "chunked";
    boolean chunked;
    int chunkDamage;
    boolean halfClose;
    byte[] body;
    private final List<String> headers = new ArrayList<>();

    RawRequest(String method, String target, String host) {
        this.method = method;
        this.target = target;
        this.host = host;
    }

    /** Sets a header, replacing an earlier one of the same name. */
    void header(String name, String value) {
        headers.removeIf(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1));
        headers.add(name + ": " + value);
    }

    void extra(String name, String value) {
        headers.add(name + ": " + value);
    }

    void extraRaw(String line) {
        headers.add(line);
    }

    /** Whether the request line and headers are as a plain client writes them: printable ASCII, a Host, no query. */
    boolean plainHead() {
        boolean printable = headers.stream().allMatch(h -> h.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
        return printable && host != null && prefix.isEmpty() && version.equals("HTTP/1.1") && lineEnd.equals("\r\n") && length == null
                && !chunked && !target.contains("?") && target.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    byte[] bytes() {
        StringBuilder head = new StringBuilder(prefix);
        head.append(method).append(' ').append(target).append(version.isEmpty() ? "" : " " + version).append(lineEnd);
        if (host != null) {
            head.append("Host: ").append(host).append(lineEnd);
        }
        head.append("Connection: ").append(connection).append(lineEnd);
        for (String h : headers) {
            head.append(h).append(lineEnd);
        }
        byte[] content = body == null ? new byte[0] : body;
        if (chunked) {
            head.append("Transfer-Encoding: ").append(transferEncoding).append(lineEnd);
            content = chunks(content);
        }
        if (length != null) {
            head.append("Content-Length: ").append(length).append(lineEnd);
        } else if (!chunked && body != null) {
            head.append("Content-Length: ").append(body.length).append(lineEnd);
        }
        head.append(lineEnd);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(content);
        out.writeBytes(suffix.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private byte[] chunks(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int half = content.length / 2;
        String size1 = switch (chunkDamage) {
            case 0 -> "zz";
            case 1 -> "ffffffffffffffffff";
            case 5 -> "-1";
            default -> Integer.toHexString(half);
        };
        out.writeBytes((size1 + (chunkDamage == 6 ? ";a=b" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(content, 0, half);
        if (chunkDamage != 7) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        int rest = content.length - half;
        out.writeBytes((Integer.toHexString(chunkDamage == 3 ? rest + 100 : rest) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(content, half, rest);
        if (chunkDamage == 2 || chunkDamage == 3) {
            return out.toByteArray(); // the end never comes: the client gives up (half-close)
        }
        out.writeBytes("\r\n0\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (chunkDamage == 8) {
            out.writeBytes("X-Trailer: y\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (chunkDamage != 4) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
