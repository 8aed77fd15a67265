package io.vidsift.downloader;

/** A parsed address answer: {@code code} "0" with a URL and actual times, or a non-zero code with its message. */
public record AddressReply(String code, String message, String url, Long actualBegin, Long actualEnd) {

    public static final String OK = "0";
    public static final String NO_RECORDING = "80438027";

    public boolean ok() {
        return OK.equals(code);
    }

    @Override
    public String toString() {
        return "AddressReply[code=" + code + ", message=" + message + ", url=" + LogRedactor.redact(url) + "]";
    }
}
