package io.vidsift.planner;

import io.vidsift.common.config.ConfigProblem;

import java.util.List;

/**
 * A job the planner will not take, with every problem and the field it is about. {@link Kind} says which way
 * it is wrong, so the HTTP shell can answer 400, 409, 413 or 415 without knowing the rules.
 */
public final class JobRefused extends RuntimeException {

    public enum Kind {
        /** The job is not valid or not allowed here (a field, a limit on its contents, a path outside the roots). */
        INVALID,
        /** The request body is over the size limit. */
        TOO_LARGE,
        /** The body is not in a type the planner reads. */
        UNSUPPORTED_TYPE,
        /** The Idempotency-Key was used before for a different request. */
        CONFLICT
    }

    private final Kind kind;
    private final transient List<ConfigProblem> problems;

    public JobRefused(Kind kind, List<ConfigProblem> problems) {
        super(problems.isEmpty() ? kind.name() : problems.get(0).toString(), null, false, false);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public static JobRefused of(Kind kind, String path, String message) {
        return new JobRefused(kind, List.of(new ConfigProblem(path, message)));
    }

    public static JobRefused invalid(String path, String message) {
        return of(Kind.INVALID, path, message);
    }

    public Kind kind() {
        return kind;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
