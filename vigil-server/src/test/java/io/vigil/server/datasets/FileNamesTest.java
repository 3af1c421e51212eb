package io.vigil.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** An uploaded file's name is metadata: the names that are paths in some form are refused; a download's name is plain. */
class FileNamesTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"flows.csv", "Monday-WorkingHours.pcap_ISCED.csv", "conn.log", "KDDTrain+.txt", "flows.csv.gz",
            "report final (2).csv", "report%20final.csv", "50%off.csv", "données.csv", "日本語.tsv", ".hidden.csv", "a.b.c"})
    void plainNamesAreAccepted(String name) {
        assertThat(FileNames.problem(name)).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"../secret.txt", "..", ".", " . ", "a/b.csv", "/etc/passwd", "..\\secret.txt", "C:\\Windows\\win.ini",
            "C:win.ini", "flows.csv:hidden", "\\\\server\\share\\x.csv", "secret.txt\u0000.csv", "a\nb.csv", "a\u0085b.csv",
            "%2e%2e%2fsecret.txt", "..%2fsecret.txt", "%2fetc%2fpasswd", "%252e%252e%252fsecret.txt", "%25252e%25252e%25252f",
            "%c0%ae%c0%ae%c0%afsecret.txt", "\ufffd\ufffd\ufffdsecret.txt", "%u002e%u002e%u2215secret.txt",
            "\uff0e\uff0e\uff0fsecret.txt", "\u2025\uff0fsecret.txt", "x%00.csv", "%20"})
    void namesThatArePathsInSomeFormAreRefused(String name) {
        assertThat(FileNames.problem(name)).isNotNull();
    }

    @ParameterizedTest(name = "\"{0}\" is offered as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "flows.csv|flows.csv", "../../etc/passwd.csv|passwd.csv", "..\\..\\win.ini|win.ini", "a..b.csv|a.b.csv",
            "..|dataset.csv", "...csv|csv", "données.csv|données.csv", "\uff0e\uff0e\uff0fsecret.txt|___secret.txt"})
    void aDownloadOffersAPlainName(String stored, String offered) {
        assertThat(FileNames.plain(stored, "dataset.csv")).isEqualTo(offered);
    }

    @Test
    void quotesLineBreaksAndSeparatorsOfAHeaderBecomeUnderscores() {
        assertThat(FileNames.plain("report \"final\".csv", "dataset.csv")).isEqualTo("report _final_.csv");
        assertThat(FileNames.plain("x\"; filename=evil.exe\r\nSet-Cookie: a=b.csv", "dataset.csv"))
                .isEqualTo("x__ filename_evil.exe__Set-Cookie_ a_b.csv");
    }
}
