package io.vidsift.analyzer.inference;

/** The requested device cannot run inference here and no fallback was allowed. */
public class DeviceUnavailableException extends Exception {

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
