package io.vigil.server.privacy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code privacy.*} and {@code retention.*}: how personal data is pseudonymised and how long
 * datasets and security events are kept.
 *
 * @param pseudonymKey       the HMAC key of pseudonyms; empty turns pseudonymisation off
 * @param personalFields     the names of fields and columns that hold personal data
 * @param downloadsByDefault whether a dataset download is pseudonymised unless an admin asks for it raw
 * @param eventLog           whether the event log's lines carry pseudonyms instead of personal values
 * @param datasetRetention   datasets older than this are deleted (unless a model version uses one); empty keeps them
 * @param eventRetention     security events older than this are deleted (unless an open incident holds one); empty keeps them
 * @param retentionCheck     how often the retention job runs
 */
public record PrivacySettings(Optional<byte[]> pseudonymKey, List<String> personalFields, boolean downloadsByDefault,
                              boolean eventLog, Optional<Duration> datasetRetention, Optional<Duration> eventRetention,
                              Duration retentionCheck) {
    public static final List<String> DEFAULT_PERSONAL_FIELDS = List.of("src_ip", "dst_ip", "source_ip", "destination_ip",
            "src_addr", "dst_addr", "client_ip", "ip", "host", "hostname", "user", "username", "user_name", "account",
            "email", "e_mail", "mac");

    public static PrivacySettings none() {
        return new PrivacySettings(Optional.empty(), DEFAULT_PERSONAL_FIELDS, true, true, Optional.empty(), Optional.empty(),
                Duration.ofHours(1));
    }

    /** The pseudonyms, when a key is configured. */
    public Optional<Pseudonyms> pseudonyms() {
        return pseudonymKey.map(key -> new Pseudonyms(key, personalFields));
    }

    @Override
    public String toString() {
        return "PrivacySettings[pseudonyms=" + (pseudonymKey.isPresent() ? "on" : "off") + ", personalFields=" + personalFields
                + ", downloadsByDefault=" + downloadsByDefault + ", eventLog=" + eventLog + ", datasetRetention=" + datasetRetention
                + ", eventRetention=" + eventRetention + "]";
    }
}
