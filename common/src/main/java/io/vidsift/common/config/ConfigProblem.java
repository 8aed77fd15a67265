package io.vidsift.common.config;

/** One thing wrong with a job config: the dotted path of the field and what is wrong with it. */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
