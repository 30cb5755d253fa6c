package io.ostflow.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a line server that answers {@code ok LINE} and records what it was sent. */
class FaultProxyTest {
    private final List<String> received = new CopyOnWriteArrayList<>();
    private ServerSocket server;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::serve, "line-server");
        accept.setDaemon(true);
        accept.start();
        proxy = new FaultProxy("127.0.0.1", server.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        server.close();
    }

    @Test
    void forwardsUntilCutAndAgainOnceRestored() throws IOException {
        assertThat(ask("one")).isEqualTo("ok one");
        proxy.cut();
        assertThat(ask("two")).as("refused while cut").isNull();
        proxy.restore();
        assertThat(ask("three")).isEqualTo("ok three");
        assertThat(received).containsExactly("one", "three");
    }

    @Test
    void aRequestTriggerRunsItsActionOnceAndForwardsTheRequest() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        List<String> firings = new CopyOnWriteArrayList<>();
        proxy.onRequest(
                text -> text.startsWith("PUT"),
                text -> {
                    firings.add(text);
                    fired.countDown();
                });

        assertThat(ask("GET a")).isEqualTo("ok GET a");
        assertThat(ask("PUT b")).isEqualTo("ok PUT b");
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ask("PUT c")).isEqualTo("ok PUT c");
        assertThat(firings).as("one shot, given what matched").containsExactly("PUT b\n");
    }

    @Test
    void aLostAnswerReachesTheServerButNotTheClientAndCutsTheProxy() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        proxy.loseAnswerTo(text -> text.contains("claim"), text -> lost.countDown());

        assertThat(ask("PUT claim")).as("the answer is lost").isNull();
        assertThat(lost.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(received).as("the server acted on it").containsExactly("PUT claim");
        assertThat(ask("PUT other")).as("cut until restored").isNull();
        proxy.restore();
        assertThat(ask("PUT claim")).as("one shot").isEqualTo("ok PUT claim");
    }

    /** One line through the proxy on a new connection; its answer, or null if none came. */
    private String ask(String line) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (java.net.SocketException e) {
            return null;
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                String line =
                        new BufferedReader(
                                        new InputStreamReader(
                                                client.getInputStream(), StandardCharsets.US_ASCII))
                                .readLine();
                if (line != null) {
                    received.add(line);
                    client.getOutputStream()
                            .write(("ok " + line + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // closed
            }
        }
    }
}
