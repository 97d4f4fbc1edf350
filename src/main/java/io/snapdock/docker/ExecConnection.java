package io.snapdock.docker;

import io.snapdock.exec.ExecStreams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The attached stream of one {@code docker exec} ({@code POST /exec/{id}/start}, upgraded to a
 * raw stream), spoken directly over the engine's socket. docker-java's transports cannot
 * half-close that stream, so a tool reading its stdin (psql, pg_restore) would never see the
 * end of its input; here closing {@link #stdin()} shuts the socket's output down, which the
 * engine passes on as EOF, while stdout and stderr keep flowing back.
 *
 * <p>Reads and writes use the channel directly (not {@code Channels.newInputStream}), because
 * those stream adapters share one lock and a blocked read would stall every write.
 */
final class ExecConnection {

    private final SocketChannel channel;
    private final ExecStreams streams;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread reader;

    private ExecConnection(SocketChannel channel, ExecStreams streams, String what) {
        this.channel = channel;
        this.streams = streams;
        this.reader = new Thread(this::readFrames, "snapdock-exec " + what);
        this.reader.setDaemon(true);
    }

    /** Starts exec {@code execId} on the engine at {@code dockerHost} and begins reading its output. */
    static ExecConnection start(String dockerHost, String execId, ExecStreams streams, String what) throws IOException {
        return upgrade(dockerHost, "/exec/" + execId + "/start", "{\"Detach\":false,\"Tty\":false}", streams, what);
    }

    /**
     * Attaches to container {@code containerId} (created, not started yet, so no output is
     * missed) and begins reading its output; with {@code stdin}, closing {@link #stdin()} ends
     * its input (a container created with StdinOnce).
     */
    static ExecConnection attach(String dockerHost, String containerId, boolean stdin, ExecStreams streams,
                                 String what) throws IOException {
        return upgrade(dockerHost, "/containers/" + containerId + "/attach?stream=1&stdout=1&stderr=1"
                + (stdin ? "&stdin=1" : ""), "", streams, what);
    }

    private static ExecConnection upgrade(String dockerHost, String path, String json, ExecStreams streams,
                                          String what) throws IOException {
        SocketChannel ch = open(dockerHost);
        try {
            byte[] body = json.getBytes(StandardCharsets.US_ASCII);
            String request = "POST " + path + " HTTP/1.1\r\n"
                    + "Host: docker\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Upgrade: tcp\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            writeFully(ch, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            writeFully(ch, ByteBuffer.wrap(body));
            String status = readHeaders(ch);
            if (!(status.contains(" 101 ") || status.contains(" 200 "))) {
                throw new IOException("Docker refused POST " + path.replaceFirst("\\?.*", "") + ": " + status.strip());
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ExecConnection c = new ExecConnection(ch, streams, what);
        c.reader.start();
        return c;
    }

    private static SocketChannel open(String dockerHost) throws IOException {
        URI uri = URI.create(dockerHost);
        if ("unix".equals(uri.getScheme())) {
            return SocketChannel.open(UnixDomainSocketAddress.of(uri.getPath()));
        }
        if ("tcp".equals(uri.getScheme())) {
            return SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 2375));
        }
        throw new IOException("unsupported Docker host for exec streams: " + dockerHost);
    }

    /** Reads the HTTP status line and headers, byte by byte, so no stream byte is consumed. */
    private static String readHeaders(SocketChannel ch) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        int state = 0;
        while (state < 4) {
            one.clear();
            if (ch.read(one) < 0) {
                throw new IOException("Docker closed the exec stream before answering");
            }
            byte b = one.get(0);
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                    : 0;
            if (head.size() > 16 * 1024) {
                throw new IOException("Docker's answer to exec start is too long");
            }
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf('\r'));
    }

    private static void writeFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Frames: 1 byte stream (1 stdout, 2 stderr), 3 zero bytes, 4 bytes big-endian length, payload. */
    private void readFrames() {
        IOException failure = null;
        ByteBuffer header = ByteBuffer.allocate(8);
        try {
            while (true) {
                header.clear();
                if (!readFully(header)) {
                    break;
                }
                int type = header.get(0);
                int size = header.getInt(4);
                if (size < 0 || size > 64 * 1024 * 1024) {
                    throw new IOException("corrupt exec stream frame");
                }
                ByteBuffer payload = ByteBuffer.allocate(size);
                if (!readFully(payload)) {
                    throw new IOException("exec stream ended inside a frame");
                }
                streams.accept(type == 2, payload.array());
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            // The command's output ended: it has exited, and nobody reads its stdin any more. A writer
            // blocked on a full socket (a tool that stopped reading early, like pg_restore --list)
            // is woken with an error instead of waiting forever.
            try {
                channel.shutdownOutput();
            } catch (IOException | RuntimeException ignored) {
                // already shut down or closed
            }
            streams.finish(failure);
            done.countDown();
        }
    }

    private boolean readFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                if (buf.position() == 0) {
                    return false;
                }
                throw new IOException("exec stream ended early");
            }
        }
        return true;
    }

    /** The command's stdin; closing it sends EOF (the socket's output is shut down). */
    OutputStream stdin() {
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writeFully(channel, ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    if (channel.isOpen()) {
                        channel.shutdownOutput();
                    }
                }
            }
        };
    }

    boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    void close() {
        streams.close();
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
