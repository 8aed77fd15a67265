package io.vidsift.cli;

import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.config.ConfigProblem;
import io.vidsift.common.config.InvalidConfigException;
import io.vidsift.common.config.LoadedConfig;
import io.vidsift.common.config.SourceMode;
import io.vidsift.common.config.TokenSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything that can be known wrong about a job before a process starts: the config itself and, in hik_cloud
 * mode, that some token source is set. One problem per line, each naming its field.
 */
final class ConfigCheck {

    private ConfigCheck() {
    }

    static LoadedConfig load(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(List.of(new ConfigProblem("--config", "no such file: " + file)));
        }
        LoadedConfig loaded = new ConfigLoader().load(file);
        if (loaded.job().mode() == SourceMode.HIK_CLOUD
                && TokenSource.resolve(loaded.job().hikCloud(), loaded.literalAccessToken().isPresent(), env).isEmpty()) {
            throw new InvalidConfigException(List.of(TokenSource.missing(loaded.job().hikCloud())));
        }
        return loaded;
    }

    static int report(InvalidConfigException e, java.io.PrintWriter err) {
        for (ConfigProblem problem : e.problems()) {
            err.println("error: " + problem);
        }
        err.flush();
        return ExitCode.USAGE;
    }
}
