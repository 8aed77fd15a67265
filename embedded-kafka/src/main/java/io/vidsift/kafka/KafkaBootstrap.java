package io.vidsift.kafka;

/** The bootstrap address of the broker a test runs against. */
public record KafkaBootstrap(String servers) {
}
