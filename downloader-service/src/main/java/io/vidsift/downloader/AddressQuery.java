package io.vidsift.downloader;

/** The body of the download-address request, in the API's own field names. */
public record AddressQuery(String deviceSerial, int channelNo, long timeBegin, long timeEnd) {
}
