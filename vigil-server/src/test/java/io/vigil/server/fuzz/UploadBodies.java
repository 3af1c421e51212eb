package io.vigil.server.fuzz;

import static io.vigil.server.fuzz.JsonBodies.concat;
import static io.vigil.server.fuzz.JsonBodies.utf8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Dataset uploads, multipart or raw: the file's content (CSV, TSV, JSON Lines, ARFF, Zeek, gzip,
 * garbage), its form fields and the multipart framing itself, each odd now and then.
 */
final class UploadBodies {
    /** An upload: the Content-Type header, the query string (raw uploads) and the body. */
    record Upload(String contentType, String query, byte[] body) {}

    private static final String CSV = "bytes,duration,dst_port,proto,label\n40,0.01,22,tcp,attack\n30000,12.5,443,tcp,normal\n"
            + "50,0.02,23,tcp,attack\n";

    Upload next(Random r, int index) {
        byte[] file = file(r);
        Map<String, String> fields = fields(r, index);
        if (r.nextInt(4) == 0) {
            String[] types = {"text/csv", "text/plain", "application/x-ndjson", "application/jsonl", "application/octet-stream",
                "application/gzip", "text/tab-separated-values", "text/x-arff", "application/json", "text/html", "image/png",
                "text/csv; charset=utf-16", "text/csv; charset=bogus", "", "*/*", "text/csv;;;", "multipart/mixed"};
            StringBuilder query = new StringBuilder();
            fields.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&").append(k).append('=').append(percent(v)));
            return new Upload(types[r.nextInt(types.length)], query.toString(), file);
        }
        return multipart(r, file, fields);
    }

    /**
     * An upload a correct server must refuse, well framed so that it gets past the body reader: a
     * file that holds no dataset (empty, a header alone, "gzip" that is not, rows that disagree), a
     * label column it lacks, a format, delimiter or encoding that does not exist, no file at all, or
     * a type no dataset has.
     */
    Upload refused(Random r, int index) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "fz-refused-" + index);
        String fileName = "flows.csv";
        byte[] file = utf8(CSV);
        switch (r.nextInt(10)) {
            case 0 -> file = new byte[0];
            case 1 -> file = utf8("bytes,duration,label\n");
            case 2 -> {
                fileName = "flows.csv.gz";
                file = utf8("not gzip at all");
            }
            case 3 -> file = utf8("a,b,label\n1\n1,2,3,4,5\n\"unclosed,4\n");
            case 4 -> fields.put("labelColumn", "no-such-column");
            case 5 -> fields.put("format", "zzz");
            case 6 -> fields.put("delimiter", "xx");
            case 7 -> fields.put("encoding", "x-unknown-%%");
            case 8 -> file = null;
            default -> {
                return new Upload("image/png", "name=fz-refused-" + index, utf8(CSV));
            }
        }
        String boundary = "fzr" + r.nextInt(1_000_000);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((k, v) -> body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n"
                + v + "\r\n")));
        if (file != null) {
            body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: text/csv\r\n\r\n"));
            body.writeBytes(file);
            body.writeBytes(utf8("\r\n"));
        }
        body.writeBytes(utf8("--" + boundary + "--\r\n"));
        return new Upload("multipart/form-data; boundary=" + boundary, "", body.toByteArray());
    }

    private static Upload multipart(Random r, byte[] file, Map<String, String> fields) {
        String boundary = r.nextInt(15) == 0 ? "" : "fz" + r.nextInt(1_000_000);
        String contentType = switch (r.nextInt(12)) {
            case 0 -> "multipart/form-data";
            case 1 -> "multipart/form-data; boundary=other";
            case 2 -> "multipart/form-data; boundary=\"" + boundary + "\"; charset=bogus";
            case 3 -> "multipart/form-data; boundary=" + "b".repeat(200);
            default -> "multipart/form-data; boundary=" + boundary;
        };
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (r.nextInt(20) == 0) {
            body.writeBytes(utf8("preamble\r\n"));
        }
        fields.forEach((k, v) -> body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n"
                + v + "\r\n")));
        if (r.nextInt(12) != 0) {
            String[] names = {"flows.csv", "flows.tsv", "flows.jsonl", "flows.arff", "conn.log", "flows.csv.gz", "", "../../etc/passwd",
                "a\u0000b.csv", "x".repeat(300) + ".csv", "\u00e9t\u00e9.csv", "a\"b.csv", "flows"};
            String disposition = switch (r.nextInt(10)) {
                case 0 -> "form-data; name=\"file\"";
                case 1 -> "form-data; name=file; filename=flows.csv";
                case 2 -> "form-data; name=\"file\"; filename*=UTF-8''%e9t%e9.csv";
                case 3 -> "attachment; name=\"other\"; filename=\"x.csv\"";
                default -> "form-data; name=\"file\"; filename=\"" + names[r.nextInt(names.length)] + "\"";
            };
            String[] partTypes = {"text/csv", "application/octet-stream", "text/html", "application/gzip", "", "bogus"};
            body.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n"
                    + "Content-Type: " + partTypes[r.nextInt(partTypes.length)] + "\r\n\r\n"));
            body.writeBytes(file);
            body.writeBytes(utf8("\r\n"));
        }
        switch (r.nextInt(12)) {
            case 0 -> { } // no closing boundary
            case 1 -> body.writeBytes(utf8("--" + boundary + "\r\n")); // an opened part that never comes
            case 2 -> body.writeBytes(utf8("--" + boundary + "--")); // no final line end
            default -> body.writeBytes(utf8("--" + boundary + "--\r\n"));
        }
        return new Upload(contentType, "", body.toByteArray());
    }

    private static Map<String, String> fields(Random r, int index) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (r.nextInt(6) != 0) {
            String[] names = {"fz-upload-" + index, "", " ", "x".repeat(300), "a\u0000b", "\u00e9\ud83d\ude00", "<script>", "../x"};
            fields.put("name", r.nextInt(3) == 0 ? names[r.nextInt(names.length)] : "fz-upload-" + index);
        }
        String[][] optional = {
            {"labelColumn", "label", "", "nope", " label ", "x".repeat(300)},
            {"format", "csv", "tsv", "jsonl", "arff", "zeek", "zzz", "", "CSV"},
            {"delimiter", ",", ";", "tab", "\t", "xx", "", "|"},
            {"columns", "a,b,c,d,e", ",,", "a,a", "a", "x".repeat(5000)},
            {"encoding", "utf-8", "windows-1252", "utf-16", "bogus", "x-unknown-%%", "", "UTF-32"},
            {"decimal", ",", ".", "x", ""},
            {"description", "d", "x".repeat(5000)},
            {"bogusField", "1"}};
        for (String[] field : optional) {
            if (r.nextInt(3) == 0) {
                fields.put(field[0], field[1 + r.nextInt(field.length - 1)]);
            }
        }
        return fields;
    }

    private static byte[] file(Random r) {
        return switch (r.nextInt(16)) {
            case 0 -> new byte[0];
            case 1 -> utf8("bytes,duration,label\n");
            case 2 -> utf8("a,b\n1\n1,2,3\n\"unclosed,4\n");
            case 3 -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(CSV));
            case 4 -> utf8(CSV.replace(",", "\t"));
            case 5 -> utf8("{\"bytes\": 1, \"label\": \"a\"}\n{\"bytes\": \"x\"\n[1,2]\nnull\n");
            case 6 -> utf8("@relation x\n@attribute a numeric\n@attribute label {a,b}\n@data\n1,a\n?,c\nzz\n");
            case 7 -> utf8("#separator \\x09\n#fields\tts\tlabel\n#types\ttime\tstring\n1.5\ta\nnot-a-time\tb\n");
            case 8 -> gzip(utf8(CSV));
            case 9 -> utf8("not gzip at all"); // with a .gz name or a gzip type now and then
            case 10 -> {
                byte[] random = new byte[1 + r.nextInt(50_000)];
                r.nextBytes(random);
                yield random;
            }
            case 11 -> utf8("label," + "c,".repeat(3000) + "c\n" + "1,".repeat(3001) + "1\n");
            case 12 -> utf8("a,label\n" + "x".repeat(300_000) + ",y\n");
            case 13 -> concat(utf8("a,label\n1,"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x00}, utf8("\n2,b\n"));
            case 14 -> utf8("a,a,,label\n1,2,3,x\n");
            default -> utf8(CSV);
        };
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String percent(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
