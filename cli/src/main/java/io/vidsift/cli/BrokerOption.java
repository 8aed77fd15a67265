package io.vidsift.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** {@code --bootstrap ADDR}, else env {@value #ENV}, else the broker of the running stack found in {@code --work-dir}. */
class BrokerOption {

    static final String ENV = "VIDSIFT_BOOTSTRAP_SERVERS";

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092 (default: env " + ENV
            + ", else the local stack's).")
    String bootstrap;

    @Option(names = "--work-dir", defaultValue = StackCommand.DEFAULT_DIR, description = "The local stack's work dir (default: ${DEFAULT-VALUE}).")
    Path workDir;

    Map<String, String> env = System.getenv();

    String servers() {
        if (bootstrap != null && !bootstrap.isBlank()) {
            return bootstrap;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return LocalStack.require(workDir, "--bootstrap ADDR (or " + ENV + ")").bootstrapServers();
    }
}
