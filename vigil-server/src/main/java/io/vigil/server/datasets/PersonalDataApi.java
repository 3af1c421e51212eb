package io.vigil.server.datasets;

import io.javalin.http.Context;
import io.vigil.server.auth.Access;
import io.vigil.server.http.Callers;
import io.vigil.server.http.Params;
import io.vigil.server.privacy.PrivacySettings;
import io.vigil.server.privacy.Pseudonyms;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The HTTP side of personal data in datasets: who reads a dataset's personal columns as they are, and who as pseudonyms (for {@link DatasetsApi}). */
final class PersonalDataApi {
    private final PrivacySettings privacy;
    private final Optional<Pseudonyms> pseudonyms;

    PersonalDataApi(PrivacySettings privacy) {
        this.privacy = privacy;
        this.pseudonyms = privacy.pseudonyms();
    }

    /**
     * The pseudonyms a download or preview applies: with a pseudonym key configured, personal
     * columns come pseudonymised unless {@code pseudonymise=false}, which only an admin may ask for
     * while pseudonymisation is the default ({@code privacy.pseudonymiseDownloads}).
     */
    Optional<Pseudonyms> pseudonymsFor(Context ctx, Params p) {
        String asked = p.oneOf("pseudonymise", null, Set.of("true", "false"));
        if (asked == null) {
            return privacy.downloadsByDefault() ? pseudonyms : Optional.empty();
        }
        if (asked.equals("true")) {
            if (pseudonyms.isEmpty()) {
                p.add("pseudonymise", "pseudonymisation is not configured: set privacy.pseudonymKey (VIGIL_PSEUDONYM_KEY)");
            }
            return pseudonyms;
        }
        if (pseudonyms.isPresent() && privacy.downloadsByDefault()) {
            Callers.require(ctx, Access.ADMIN, "read personal data unpseudonymised");
        }
        return Optional.empty();
    }

    static DatasetService.Preview pseudonymised(DatasetService.Preview preview, Pseudonyms tokens) {
        List<Map<String, Object>> rows = preview.rows().stream().map(row -> {
            Map<String, Object> copy = new LinkedHashMap<>(row);
            copy.replaceAll((column, value) -> tokens.isPersonal(column) && value != null ? tokens.token(value.toString()) : value);
            return copy;
        }).toList();
        return new DatasetService.Preview(preview.datasetId(), preview.offset(), preview.limit(), preview.totalRows(), preview.columns(), rows);
    }
}
