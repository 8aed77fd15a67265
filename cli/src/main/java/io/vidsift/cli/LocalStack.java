package io.vidsift.cli;

import io.vidsift.cli.stack.Stack;
import io.vidsift.cli.stack.StackInfo;

import java.nio.file.Path;

/** The stack {@code vidsift stack up} keeps running, as the commands that talk to it find it. */
final class LocalStack {

    private LocalStack() {
    }

    /**
     * The running stack in {@code workDir}; otherwise an error saying what to give instead ({@code instead}) or how
     * to start one. A stack.json whose processes are all gone is stale: talking to its ports would only time out.
     */
    static StackInfo require(Path workDir, String instead) {
        Path dir = workDir.toAbsolutePath();
        StackInfo info = Stack.read(dir).orElseThrow(() -> new StackException("no " + instead + " given and no stack in " + dir
                + " (start one with 'vidsift stack up', or pass --work-dir)"));
        if (!Stack.anyAlive(info)) {
            throw new StackException("no " + instead + " given and the stack in " + dir + " is not running (start it with 'vidsift stack up')");
        }
        return info;
    }
}
