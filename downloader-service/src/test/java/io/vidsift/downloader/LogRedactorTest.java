package io.vidsift.downloader;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class LogRedactorTest {

    static final String TOKEN = "at.SENTINEL-9f8e7d";

    @Test
    void removesQueryStringsOfSignedLinksButKeepsTheHostAndPath() {
        String line = "GET https://oss.example.com/rec/a.mp4?Expires=1&OSSAccessKeyId=k&Signature=" + TOKEN + " failed";
        assertThat(LogRedactor.redact(line)).isEqualTo("GET https://oss.example.com/rec/a.mp4?<redacted> failed");
    }

    @Test
    void removesAuthorizationHeadersAndBearerTokens() {
        assertThat(LogRedactor.redact("Authorization: bearer " + TOKEN)).isEqualTo("Authorization: <redacted>");
        assertThat(LogRedactor.redact("headers={Authorization=[Bearer " + TOKEN + "], Accept=[*/*]}"))
                .doesNotContain(TOKEN).contains("Accept=[*/*]");
        assertThat(LogRedactor.redact("sent with bearer " + TOKEN + " to host")).isEqualTo("sent with bearer <redacted> to host");
    }

    @Test
    void removesTokenAndSecretFieldsInJsonFormsAndKeyValues() {
        assertThat(LogRedactor.redact("{\"access_token\":\"" + TOKEN + "\",\"expires_in\":7200}"))
                .isEqualTo("{\"access_token\":\"<redacted>\",\"expires_in\":7200}");
        assertThat(LogRedactor.redact("grant_type=client_credentials&client_id=abc&client_secret=" + TOKEN))
                .isEqualTo("grant_type=client_credentials&client_id=abc&client_secret=<redacted>");
        assertThat(LogRedactor.redact("token=" + TOKEN)).isEqualTo("token=<redacted>");
        assertThat(LogRedactor.redact("Signature=" + TOKEN)).isEqualTo("Signature=<redacted>");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String line = "chunk c-1 CAM_A/ch1 1770080400-1770081000: downloaded (retries 0) from https://127.0.0.1:8090/sim/files/x.mp4";
        assertThat(LogRedactor.redact(line)).isEqualTo(line);
        assertThat(LogRedactor.host("https://oss.example.com:443/a.mp4?Signature=x")).isEqualTo("oss.example.com");
    }

    @Test
    void theLogFilterRewritesMessageParametersAndExceptions() {
        RedactingLogFilter filter = new RedactingLogFilter();
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "calling %s with %s", ExtLogRecord.FormatStyle.PRINTF, "test");
        record.setParameters(new Object[]{"https://h/x.mp4?Signature=" + TOKEN, "Authorization: bearer " + TOKEN});
        record.setThrown(new IOException("refused https://h/x.mp4?Signature=" + TOKEN, new IllegalStateException("token=" + TOKEN)));
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(record.getFormattedMessage()).isEqualTo("calling https://h/x.mp4?<redacted> with Authorization: <redacted>");
        assertThat(record.getThrown().toString()).isEqualTo("java.io.IOException: refused https://h/x.mp4?<redacted>");
        assertThat(record.getThrown().getCause().toString()).isEqualTo("java.lang.IllegalStateException: token=<redacted>");
        assertThat(record.getThrown().getStackTrace()).isNotEmpty();

        LogRecord plain = new LogRecord(Level.WARNING, "secret {0}");
        plain.setParameters(new Object[]{"client_secret=" + TOKEN});
        filter.isLoggable(plain);
        assertThat(plain.getMessage()).isEqualTo("secret client_secret=<redacted>");
    }

    @Test
    void secretsDoNotPrintThemselves() {
        assertThat(new Secret(TOKEN).toString()).isEqualTo("***");
        assertThat(new TokenGrant(new Secret(TOKEN), 10).toString()).doesNotContain(TOKEN);
    }
}
