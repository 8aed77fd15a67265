package io.vidsift.aggregator.streams;

import io.vidsift.aggregator.output.OutputDirs;
import io.vidsift.common.events.EventDetector;
import io.vidsift.common.messages.MessageCodec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One aggregator instance in a JVM of its own, for the failover test (which kills it with SIGKILL): the same
 * engine the service runs, without the HTTP shell. Args: bootstrap, storage root, state dir, application id, job id.
 * Prints "READY" once Kafka Streams runs and "OWNS &lt;job&gt;" while this instance holds the job's task.
 */
public final class AggregatorMain {

    private AggregatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(args[1]);
        AggregatorEngine engine = new AggregatorEngine(new AggregatorEngine.Settings(args[3], args[0], root,
                new OutputDirs(root, List.of(root)), Path.of(args[2]), 1, 1, Duration.ofMillis(200), Duration.ofMillis(200),
                Duration.ofMillis(200), 1, 32L << 20, null,
                // Notice a killed member within seconds, and let its open transaction expire within seconds (the test
                // waits for the failover, not for production timeouts).
                Map.of("consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "1500",
                        "producer.transaction.timeout.ms", "10000"), EventDetector.Settings.defaults()),
                new MessageCodec());
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        engine.start();
        boolean ready = false;
        boolean owner = false;
        while (true) {
            if (!ready && engine.ready()) {
                ready = true;
                System.out.println("READY");
            }
            boolean owns = engine.owns(args[4]);
            if (owns != owner) {
                owner = owns;
                System.out.println(owns ? "OWNS " + args[4] : "RELEASED " + args[4]);
            }
            Thread.sleep(100);
        }
    }
}
