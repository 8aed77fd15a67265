package io.vidsift.planner;

/** A job that is valid YAML but cannot be planned on this deployment, e.g. an input dir outside the storage root. */
final class PlanningException extends RuntimeException {

    private final String path;

    PlanningException(String path, String message) {
        super(message);
        this.path = path;
    }

    String path() {
        return path;
    }
}
