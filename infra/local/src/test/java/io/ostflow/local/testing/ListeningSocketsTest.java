package io.ostflow.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
    @Test
    void procAddressesAreLittleEndianWords() throws Exception {
        assertThat(ListeningSockets.address("0100007F:1F90"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
        assertThat(ListeningSockets.address("00000000:0050").getAddress().isAnyLocalAddress())
                .isTrue();
        assertThat(ListeningSockets.address("00000000000000000000000000000000:0050").getAddress())
                .isEqualTo(InetAddress.getByName("::"));
        assertThat(ListeningSockets.address("0000000000000000FFFF00000100007F:1F90").getAddress())
                .as("IPv4-mapped")
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(ListeningSockets.address("00000000000000000000000001000000:0016").getAddress())
                .isEqualTo(InetAddress.getByName("::1"));
    }

    @Test
    void findsASocketThisProcessListensOn() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(ListeningSockets.of(ProcessHandle.current().pid()))
                    .extracting(InetSocketAddress::getPort)
                    .contains(socket.getLocalPort());
        }
    }
}
