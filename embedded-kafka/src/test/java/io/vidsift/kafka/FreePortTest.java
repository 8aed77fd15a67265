package io.vidsift.kafka;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** Ports handed out for brokers and services stay clear of the ports the kernel gives outgoing connections. */
class FreePortTest {

    @Test
    void freePortsAreBindableAndBelowTheEphemeralRange() throws Exception {
        int low = KRaftConfig.ephemeralRangeStart();
        org.junit.jupiter.api.Assumptions.assumeTrue(low > 11_000, "the ephemeral range starts at " + low + ": no room below it");
        for (int i = 0; i < 20; i++) {
            int port = KRaftConfig.freePort();
            assertThat(port).isBetween(10_000, low - 1);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
