package io.snapdock.handlers.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.handlers.nats.StreamSnapshots.Snapshot;
import io.snapdock.model.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static io.snapdock.handlers.nats.NatsApi.*;

/**
 * The JetStream snapshot and restore APIs: a stream streamed out as S2-compressed tar chunks to
 * an inbox (each chunk acknowledged, so the server keeps sending), and streamed back in as
 * chunks the server acknowledges one by one.
 */
final class StreamSnapshots {

    /** Chunk size asked of the server for snapshots and used for restore uploads (under the 1 MiB max_payload). */
    static final int CHUNK_SIZE = 128 * 1024;
    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    /** The longest wait for the next snapshot chunk, or for the server's ack of an uploaded chunk. */
    private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(60);

    private StreamSnapshots() {
    }

    /** What the server said when it started a snapshot, and what arrived. */
    record Snapshot(JsonNode config, JsonNode state, long bytes, long chunks) {
    }

    /**
     * Streams the snapshot of {@code stream} into {@code out}. Returns only when the server sent its
     * end-of-snapshot message without an error status and no chunk went missing.
     */
    static Snapshot snapshot(Connection nc, String stream, OutputStream out) throws IOException {
        String inbox = nc.createInbox();
        Subscription sub = nc.subscribe(inbox);
        try {
            // The server's flow-control window is far below this; nothing may be dropped.
            sub.setPendingLimits(1_000_000, 512L * 1024 * 1024);
            nc.flush(API_TIMEOUT); // the server waits for interest on the inbox before it sends
            ObjectNode req = Json.MAPPER.createObjectNode()
                    .put("deliver_subject", inbox)
                    .put("chunk_size", CHUNK_SIZE)
                    .put("jsck", false);
            JsonNode started = api(nc, "$JS.API.STREAM.SNAPSHOT." + subjectToken(stream), req,
                    "snapshot of stream " + stream);
            long expected = 1;
            long bytes = 0;
            long chunks = 0;
            while (true) {
                Message m = sub.nextMessage(CHUNK_TIMEOUT);
                if (m == null) {
                    throw SnapdockException.failed("snapshot of stream " + stream + " stalled: nothing received for "
                            + CHUNK_TIMEOUT.toSeconds() + " s after " + bytes + " bytes");
                }
                byte[] data = m.getData();
                if (data == null || data.length == 0) {
                    String problem = endProblem(m.isStatusMessage() ? m.getStatus().getCode() : 0,
                            m.isStatusMessage() ? m.getStatus().getMessage() : null);
                    if (problem != null) {
                        throw SnapdockException
                                .failed("snapshot of stream " + stream + " aborted by the server: " + problem);
                    }
                    break;
                }
                String ack = m.getReplyTo();
                if (ack != null && !ack.isEmpty()) {
                    long index = chunkIndex(ack);
                    if (index > 0) {
                        if (index != expected) {
                            throw SnapdockException.failed("snapshot of stream " + stream + " lost data: chunk " + index
                                    + " arrived where " + expected + " was expected");
                        }
                        expected++;
                    }
                    nc.publish(ack, new byte[0]); // flow control: the server sends on while acks come back
                }
                out.write(data);
                bytes += data.length;
                chunks++;
            }
            if (sub.getDroppedCount() > 0) {
                throw SnapdockException
                        .failed("snapshot of stream " + stream + " lost " + sub.getDroppedCount() + " chunks");
            }
            JsonNode config = started.get("config");
            JsonNode state = started.get("state");
            if (config == null || !config.isObject() || state == null || !state.isObject()) {
                throw SnapdockException
                        .failed("snapshot of stream " + stream + ": the server's answer has no config or state");
            }
            return new Snapshot(config, state, bytes, chunks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the snapshot of stream " + stream);
        } catch (TimeoutException e) {
            throw SnapdockException
                    .failed("snapshot of stream " + stream + ": the server did not confirm the subscription");
        } finally {
            try {
                sub.unsubscribe();
            } catch (RuntimeException ignored) {
                // connection closing
            }
        }
    }

    /**
     * The chunk number the server puts last in a chunk's ack subject
     * ({@code $JS.SNAPSHOT.ACK.<stream>.<id>.<size>.<index>}), or -1 when there is none.
     */
    static long chunkIndex(String ackSubject) {
        int dot = ackSubject.lastIndexOf('.');
        try {
            return Long.parseLong(ackSubject.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * What is wrong with the end-of-snapshot message: null when it is a plain end (nats-server 2.9
     * sends no header; later versions send status 204), else the status (408 No Interest, 408 No
     * Flow Response, 500 ...).
     */
    static String endProblem(int statusCode, String statusText) {
        if (statusCode == 0 || (statusCode >= 200 && statusCode < 300)) {
            return null;
        }
        return statusCode + (statusText == null || statusText.isBlank() ? "" : " " + statusText.strip());
    }

    /**
     * Creates {@code stream} from a snapshot: the restore request (config and state), then every
     * chunk as a request the server acknowledges, then an empty message whose answer is the
     * restored stream's info or the error.
     */
    static JsonNode restoreFrom(Connection nc, String stream, JsonNode config, JsonNode state, InputStream in,
                                Duration finishTimeout) throws IOException {
        String what = "restore of stream " + stream;
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.set("config", config);
        req.set("state", state);
        JsonNode started = api(nc, "$JS.API.STREAM.RESTORE." + subjectToken(stream), req, what);
        String deliver = started.path("deliver_subject").asText("");
        if (deliver.isEmpty()) {
            throw SnapdockException.failed(what + ": the server named no subject to send the snapshot to");
        }
        long sent = 0;
        while (true) {
            // A fresh buffer per chunk: jnats may still hold the previous one while it writes.
            byte[] chunk = in.readNBytes(CHUNK_SIZE);
            if (chunk.length == 0) {
                break;
            }
            Message ack = request(nc, deliver, chunk, CHUNK_TIMEOUT, what + " (chunk at byte " + sent + ")");
            byte[] answer = ack.getData();
            if (answer != null && answer.length > 0) {
                // The server answers a chunk it could not take with an error instead of an empty ack.
                String text = new String(answer, StandardCharsets.UTF_8).strip();
                if (text.startsWith("{")) {
                    apiAnswer(answer, what);
                }
                throw SnapdockException
                        .failed(what + ": the server refused a chunk: " + Secrets.redact(abbreviate(text)));
            }
            sent += chunk.length;
        }
        if (sent == 0) {
            throw SnapdockException.failed(what + ": the snapshot is empty");
        }
        Message done = request(nc, deliver, new byte[0], finishTimeout, what);
        JsonNode info = apiAnswer(done.getData(), what);
        if (!info.path("config").isObject()) {
            throw SnapdockException.failed(what + ": the server's final answer holds no stream");
        }
        return info;
    }
}
