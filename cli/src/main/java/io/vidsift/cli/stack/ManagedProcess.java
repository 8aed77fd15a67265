package io.vidsift.cli.stack;

import io.vidsift.cli.StackException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM of the stack with its log file. It can be started again with the same command, environment and log
 * ({@link #restart()}, what {@link Supervisor} does when it dies). Stopping sends SIGTERM to it and its descendants,
 * waits for a graceful exit (Quarkus and Kafka flush and close on SIGTERM), then kills whatever is left; a process
 * being stopped is never restarted.
 */
public final class ManagedProcess {

    private static final long GRACE_SECONDS = 20;

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;
    private volatile int restarts;
    private volatile boolean stopping;

    private ManagedProcess(String name, List<String> command, Map<String, String> env, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path log) {
        ManagedProcess managed = new ManagedProcess(name, command, env, log);
        managed.process = managed.launch();
        return managed;
    }

    private Process launch() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Starts the (dead) process again, same command and log; false when it is being stopped. */
    public synchronized boolean restart() {
        if (stopping || process.isAlive()) {
            return false;
        }
        process = launch();
        restarts++;
        return true;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The exit code of the current process, or -1 while it runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** How often it was started again after dying. */
    public int restarts() {
        return restarts;
    }

    public boolean stopping() {
        return stopping;
    }

    /** The last lines of the log, for a start-up failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public void stop() {
        Process current;
        synchronized (this) {
            stopping = true;
            current = process;
        }
        List<ProcessHandle> descendants = current.descendants().toList();
        current.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!current.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops a process known only by pid (from a stack file written by another CLI run). */
    public static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(handle -> {
            List<ProcessHandle> descendants = handle.descendants().toList();
            handle.destroy();
            descendants.forEach(ProcessHandle::destroy);
            try {
                handle.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        });
    }
}
