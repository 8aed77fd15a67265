package io.vidsift.cli;

/** The exit codes every command shares, so scripts can branch on them. */
public final class ExitCode {

    public static final int COMPLETED = 0;
    public static final int COMPLETED_WITH_FAILURES = 1;
    /** Bad usage or a bad config: nothing was started. */
    public static final int USAGE = 2;
    /** The stack, the broker or a service could not be reached or started. */
    public static final int INFRASTRUCTURE = 3;

    private ExitCode() {
    }
}
