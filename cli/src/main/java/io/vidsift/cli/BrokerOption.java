package io.vidsift.cli;

import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --bootstrap ADDR}, or the broker of the embedded stack found in {@code --work-dir}. */
class BrokerOption {

    @Option(names = "--bootstrap", description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092 (default: the embedded stack's).")
    String bootstrap;

    @Option(names = "--work-dir", defaultValue = StackCommand.DEFAULT_DIR, description = "The embedded stack's work dir (default: ${DEFAULT-VALUE}).")
    Path workDir;

    String servers() {
        if (bootstrap != null && !bootstrap.isBlank()) {
            return bootstrap;
        }
        return Stack.read(workDir.toAbsolutePath()).map(StackInfo::bootstrapServers)
                .orElseThrow(() -> new StackException("no --bootstrap given and no embedded stack in " + workDir.toAbsolutePath()
                        + " (start one with 'vidsift stack up')"));
    }
}
