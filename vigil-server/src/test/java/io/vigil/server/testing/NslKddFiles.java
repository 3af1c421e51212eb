package io.vigil.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Uploads NSL-KDD files (no header row) over HTTP, naming their 43 columns. */
public final class NslKddFiles {
    public static final String COLUMNS = "duration,protocol_type,service,flag,src_bytes,dst_bytes,land,wrong_fragment,urgent,"
            + "hot,num_failed_logins,logged_in,num_compromised,root_shell,su_attempted,num_root,num_file_creations,"
            + "num_shells,num_access_files,num_outbound_cmds,is_host_login,is_guest_login,count,srv_count,serror_rate,"
            + "srv_serror_rate,rerror_rate,srv_rerror_rate,same_srv_rate,diff_srv_rate,srv_diff_host_rate,dst_host_count,"
            + "dst_host_srv_count,dst_host_same_srv_rate,dst_host_diff_srv_rate,dst_host_same_src_port_rate,"
            + "dst_host_srv_diff_host_rate,dst_host_serror_rate,dst_host_srv_serror_rate,dst_host_rerror_rate,"
            + "dst_host_srv_rerror_rate,label,difficulty";

    private NslKddFiles() {}

    /** Uploads {@code nsl-kdd/<file>} and returns the new dataset's id. */
    public static String upload(HttpTestClient http, String file, String name) {
        Path path = SharedData.file("nsl-kdd/" + file);
        HttpTestClient.Response r = http.upload("/ml/datasets/upload", file, () -> open(path),
                Map.of("name", name, "columns", COLUMNS, "labelColumn", "label", "format", "csv"));
        if (r.status() != 201) {
            throw new AssertionError("upload of " + file + " failed: " + r);
        }
        return r.json().get("id").asText();
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
