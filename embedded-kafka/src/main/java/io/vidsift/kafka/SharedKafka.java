package io.vidsift.kafka;

/**
 * One broker per test JVM: starting a broker costs seconds, so every test class of a module shares the first one
 * started, and a shutdown hook stops it when the JVM exits. When {@code KAFKA_BOOTSTRAP_SERVERS} is set (a broker
 * someone already runs, or a Testcontainers one in CI with Docker), that address is used and nothing starts.
 * <p>
 * This is the one static holder in the project, and it exists because the test JVM is the broker's owner.
 */
public final class SharedKafka {

    public static final String ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final int PARTITIONS = 3;

    private static String bootstrap;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            String external = System.getenv(ENV);
            if (external != null && !external.isBlank()) {
                bootstrap = external;
            } else {
                EmbeddedKafka kafka = EmbeddedKafka.start(PARTITIONS);
                Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
                bootstrap = kafka.bootstrapServers();
            }
        }
        return bootstrap;
    }
}
