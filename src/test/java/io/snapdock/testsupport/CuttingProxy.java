package io.snapdock.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between a client and a server (e.g. Snapdock and S3Proxy) that drops a connection
 * on demand: after {@link #cutOnceAfter(long)}, the first connection that carries that many
 * bytes from the server to the client is closed mid-response, once. Plain sockets, two threads
 * per connection; listens on 127.0.0.1 on a free port.
 */
public final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Bytes still to relay before the cut; negative: no cut armed. */
    private final AtomicLong cutAfter = new AtomicLong(-1);
    /** Bumped at every arm: a relay counts its bytes from the arm it last saw. */
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean closed;

    private CuttingProxy(ServerSocket listener, int upstreamPort) {
        this.listener = listener;
        this.upstreamPort = upstreamPort;
    }

    /** Relays 127.0.0.1:(a free port) to 127.0.0.1:{@code upstreamPort}. */
    public static CuttingProxy start(int upstreamPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CuttingProxy proxy = new CuttingProxy(listener, upstreamPort);
        Thread accept = new Thread(proxy::acceptLoop, "cutting-proxy-accept");
        accept.setDaemon(true);
        accept.start();
        return proxy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** Arms one cut: the next connection to relay {@code bytes} server-to-client bytes from now is closed there. */
    public void cutOnceAfter(long bytes) {
        generation.incrementAndGet();
        cutAfter.set(bytes);
    }

    /** How many connections were cut so far. */
    public int cuts() {
        return cuts.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                try {
                    server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
                } catch (IOException e) {
                    // Nothing behind: the client's connection is dropped before any answer.
                    closeBoth(client, server);
                    continue;
                }
                sockets.add(client);
                sockets.add(server);
                start(() -> relay(client, server, false), "cutting-proxy-up");
                start(() -> relay(server, client, true), "cutting-proxy-down");
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void relay(Socket from, Socket to, boolean response) {
        byte[] buf = new byte[16 * 1024];
        int seenGeneration = generation.get();
        long sinceArm = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (response) {
                    int g = generation.get();
                    if (g != seenGeneration) {
                        seenGeneration = g;
                        sinceArm = 0;
                    }
                    long limit = cutAfter.get();
                    if (limit >= 0 && sinceArm + n >= limit && cutAfter.compareAndSet(limit, -1)) {
                        out.write(buf, 0, (int) (limit - sinceArm));
                        out.flush();
                        cuts.incrementAndGet();
                        closeBoth(from, to);
                        return;
                    }
                    sinceArm += n;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away: the other one follows.
        }
        closeBoth(from, to);
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        });
    }
}
