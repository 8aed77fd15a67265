package io.vidsift.cli;

import io.vidsift.cli.stack.InputMount;
import io.vidsift.cli.stack.StackInfo;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the planner and aggregator are and which API key they take: a flag, else an environment variable, else the
 * local stack's {@code stack.json} ({@code vidsift stack up}). The stack's own key is sent only to the stack's own
 * addresses, never to a URL given by flag or environment.
 */
class ApiOptions {

    static final String PLANNER_ENV = "VIDSIFT_PLANNER_URL";
    static final String AGGREGATOR_ENV = "VIDSIFT_AGGREGATOR_URL";
    static final String API_KEY_ENV = "VIDSIFT_API_KEY";

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Bearer key of the planner/aggregator (default: env " + API_KEY_ENV + ", else the local stack's).")
    String apiKey;

    @Option(names = "--work-dir", defaultValue = StackCommand.DEFAULT_DIR,
            description = "The local stack's work dir, used when no URL is given (default: ${DEFAULT-VALUE}).")
    Path workDir;

    /** Read once per command; a field so tests can run the command with a chosen environment. */
    Map<String, String> env = System.getenv();

    /** The local stack an endpoint was taken from, once one was. */
    private StackInfo localStack;

    Endpoint planner(String flag) {
        return resolve(flag, PLANNER_ENV, StackInfo::plannerUrl, "--planner");
    }

    Endpoint aggregator(String flag) {
        return resolve(flag, AGGREGATOR_ENV, StackInfo::aggregatorUrl, "--aggregator");
    }

    private Endpoint resolve(String flag, String envName, Function<StackInfo, String> fromStack, String option) {
        String given = present(flag) ? flag : env.get(envName);
        if (present(given)) {
            return new Endpoint(given, present(apiKey) ? apiKey : blankToNull(env.get(API_KEY_ENV)));
        }
        StackInfo stack = LocalStack.require(workDir, option + " URL (or " + envName + ")");
        localStack = stack;
        String key = present(apiKey) ? apiKey : present(env.get(API_KEY_ENV)) ? env.get(API_KEY_ENV) : stack.apiKey();
        return new Endpoint(fromStack.apply(stack), key);
    }

    /** Whether a flag or the environment names this service, i.e. it is not the local stack's. */
    boolean named(String flag, String envName) {
        return present(flag) || present(env.get(envName));
    }

    /** The input folders of the local stack the planner was found in; none for a planner named by flag or env. */
    List<InputMount> localInputs() {
        return localStack == null ? List.of() : localStack.inputs();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return present(value) ? value : null;
    }
}
