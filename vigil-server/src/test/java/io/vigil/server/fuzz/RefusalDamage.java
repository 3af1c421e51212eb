package io.vigil.server.fuzz;

import static io.vigil.server.fuzz.JsonBodies.utf8;

import java.util.Random;
import java.util.UUID;

/**
 * Damage a correct server must refuse, for the cases of the refused phase whose caller may call
 * the route and whose method could change something: then a 2xx is a finding, and the batch's
 * snapshot must not change. Each is one of: an id, name or version of nothing (the handler looks
 * it up and answers 404 or 400), a body that cannot be parsed or an upload that holds no dataset
 * (the handler reads it and refuses), or a head the HTTP layer refuses before any handler runs.
 */
record RefusalDamage(JsonBodies json, UploadBodies uploads) {

    /** Damages {@code raw} (a request of {@code route} as a valid one would be) so that it must be refused; answers the kind. */
    String apply(RawRequest raw, FuzzTarget.RouteSpec route, Random r, int index) {
        int parameters = (int) route.path().chars().filter(c -> c == '{').count();
        int dice = r.nextInt(100);
        if (dice < 20) {
            head(raw, route, r);
            return "refused: head";
        }
        if (route.upload()) {
            UploadBodies.Upload upload = uploads.refused(r, index);
            raw.header("Content-Type", upload.contentType());
            raw.target = route.path() + (upload.query().isEmpty() ? "" : "?" + upload.query());
            raw.body = upload.body();
            return "refused: upload";
        }
        if (route.readsBody() && (parameters == 0 || dice < 60)) {
            raw.header("Content-Type", "application/json");
            raw.body = json.broken(json.valid(route, r, index), r);
            return "refused: body";
        }
        if (parameters == 0) {
            head(raw, route, r);
            return "refused: head";
        }
        raw.target = nothing(raw.target, route.path(), r.nextInt(parameters), r, index);
        return "refused: id of nothing";
    }

    /** {@code target} (the route's path filled with real values) with its parameter number {@code which} naming nothing. */
    private static String nothing(String target, String template, int which, Random r, int index) {
        String[] given = target.split("/", -1);
        String[] names = template.split("/", -1);
        int parameter = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i].startsWith("{") && parameter++ == which) {
                given[i] = switch (names[i]) {
                    case "{name}" -> "fz-no-such-model-" + index;
                    case "{version}" -> new String[] {"99", "0", "-1", "x"}[r.nextInt(4)];
                    default -> new String[] {UUID.randomUUID().toString(), "not-a-uuid", "0",
                        "00000000-0000-0000-0000-000000000000"}[r.nextInt(4)];
                };
            }
        }
        return String.join("/", given);
    }

    /** A head the HTTP layer refuses before any handler runs: 400, 414 or 431. */
    private static void head(RawRequest raw, FuzzTarget.RouteSpec route, Random r) {
        switch (r.nextInt(route.readsBody() ? 6 : 5)) {
            case 0 -> raw.length = new String[] {"abc", "-1", "1.0"}[r.nextInt(3)];
            case 1 -> raw.host = new String[] {null, "a b", "[::1"}[r.nextInt(3)];
            case 2 -> raw.target += "/" + "z".repeat(9000 + r.nextInt(1000));
            case 3 -> raw.extra("X-Big", "b".repeat(9000 + r.nextInt(1000)));
            case 4 -> { // two lengths that disagree
                raw.body = raw.body == null ? new byte[0] : raw.body;
                raw.extra("Content-Length", Integer.toString(raw.body.length + 1));
            }
            default -> { // a chunk size that is no number, where a body is read before the handler runs
                raw.body = raw.body == null ? utf8("{}") : raw.body;
                raw.chunked = true;
                raw.chunkDamage = 0;
            }
        }
    }
}
