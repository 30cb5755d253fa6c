package io.ostflow.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A TCP proxy on a loopback port in front of a real server (the S3 server or the broker), for
 * fault-injection tests: while it is {@link #cut() cut}, every open connection is reset and new
 * ones are refused at once (accepted and closed), as a network partition or a restarting server
 * looks to a client; {@link #restore()} lets connections through again. No Docker is needed.
 *
 * <p>A fault can also be armed on what a client sends ({@link #onRequest}): the first request that
 * matches runs an action, for example a cut of this or another proxy at the exact moment a service
 * writes a given object, or {@link #loseAnswerTo} lets the server act on a request and then loses
 * its answer.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final ExecutorService threads = Executors.newCachedThreadPool(FaultProxy::daemon);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    /** What to do the first time a client's bytes match; see {@link #onRequest}. */
    private record Trigger(
            Predicate<String> request, boolean loseAnswer, Consumer<String> action) {}

    /** The two directions of one forwarded connection. */
    private static final class Link {
        /** The server's next answer on this connection is lost and the proxy cut. */
        volatile Runnable loseNextAnswer;
    }

    /** Starts forwarding a free loopback port to {@code host:port}. */
    public FaultProxy(String host, int port) {
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.upstream = new InetSocketAddress(host, port);
        threads.execute(this::accept);
    }

    /** The proxy's port on 127.0.0.1. */
    public int port() {
        return listener.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT}: an S3 endpoint through the proxy. */
    public String httpEndpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(FaultProxy::closeQuietly);
        open.clear();
    }

    /** Lets connections through again. */
    public void restore() {
        cut = false;
    }

    /**
     * Arms a one-shot fault: the first chunk a client sends whose text (ISO-8859-1) matches {@code
     * request} is given to {@code action}, which runs before the chunk is forwarded (so that a
     * fault it injects elsewhere is in place before the server sees the request: keep it short, the
     * request waits for it). For an HTTP server such as S3 a chunk starts with the request line,
     * e.g. {@code PUT /bucket/key HTTP/1.1}. Armed faults are independent of each other.
     */
    public void onRequest(Predicate<String> request, Consumer<String> action) {
        triggers.add(new Trigger(request, false, action));
    }

    /**
     * Arms a one-shot fault that loses an answer: the first matching request reaches the server,
     * which acts on it, but its answer never reaches the client: the proxy is {@link #cut()}
     * instead and {@code action} runs (to {@link #restore()} it later). What a client sees when a
     * network fails after its write was applied.
     */
    public void loseAnswerTo(Predicate<String> request, Consumer<String> action) {
        triggers.add(new Trigger(request, true, action));
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(upstream, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        open.add(client);
        open.add(server);
        Link link = new Link();
        threads.execute(() -> pump(client, server, link, true));
        threads.execute(() -> pump(server, client, link, false));
    }

    private void pump(Socket from, Socket to, Link link, boolean request) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (cut) {
                    break;
                }
                if (request) {
                    fire(buffer, n, link);
                } else if (link.loseNextAnswer != null) {
                    cut();
                    threads.execute(link.loseNextAnswer);
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side closed or was reset: the other side follows below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Runs the armed triggers these bytes match; each fires once. */
    private void fire(byte[] buffer, int n, Link link) {
        if (triggers.isEmpty()) {
            return;
        }
        String text = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        for (Trigger armed : triggers) {
            if (!armed.request().test(text) || !triggers.remove(armed)) {
                continue;
            }
            if (armed.loseAnswer()) {
                link.loseNextAnswer = () -> armed.action().accept(text);
            } else {
                armed.action().accept(text);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        threads.shutdownNow();
    }
}
