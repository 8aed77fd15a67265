package io.vidsift.cli.stack;

/**
 * A folder outside the storage root that a kept-up stack may analyse: {@code link} is the symbolic link to it that
 * the stack keeps under {@code <storage>/inputs/}, {@code relative} that link's path under the storage root.
 */
public record InputMount(String dir, String link, String relative) {
}
