package io.snapdock.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import io.snapdock.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32C;

/**
 * NATS JetStream, online, over the client protocol (jnats; nothing runs in the container). The
 * server is {@code nats://HOST:PORT}: HOST is {@code snapdock.stores.NAME.host}, else the
 * container's address on its first network; PORT is the store's port, else 4222. Credentials:
 * user and password, or the {@code token} option.
 *
 * <p>Backup: every stream through the JetStream snapshot API ({@code $JS.API.STREAM.SNAPSHOT.<stream>}:
 * the server streams an S2-compressed tar of the stream's files, consumers included, in chunks
 * to an inbox; each chunk carries an ack subject that must be answered for the server to keep
 * sending; an empty message ends it), one artifact {@code stream-<name>.snapshot} per stream,
 * then {@code streams.json} with each stream's configuration and state as the server reported
 * them when it started the snapshot. The server cannot snapshot a memory-storage stream: such a
 * stream is recorded in streams.json with its configuration only (a warning is logged), and a
 * restore recreates it, empty, when it is gone.
 *
 * <p>Restore, per stream of the snapshot: a stream that exists is first snapshotted into a local
 * temporary file and deleted (the restore API refuses an existing name); the snapshot is then
 * uploaded through {@code $JS.API.STREAM.RESTORE.<stream>} and the restored stream's message
 * count compared with streams.json. If anything fails, the half-restored stream is removed and
 * the temporary snapshot restored in its place. Streams on the server that are not in the
 * snapshot are left alone.
 */
public final class NatsHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(NatsHandler.class);

    static final String STREAMS = "streams.json";
    static final int DEFAULT_PORT = 4222;
    /** Chunk size asked of the server for snapshots and used for restore uploads (under the 1 MiB max_payload). */
    static final int CHUNK_SIZE = 128 * 1024;
    static final String SNAPSHOT_FORMAT = "jetstream-snapshot";
    static final int STREAMS_FORMAT = 1;
    /**
     * The jnats version in use. Its jar declares none that survives shading (jnats' own
     * {@code Nats.CLIENT_VERSION} reads the manifest, which in Snapdock's jar is Snapdock's);
     * NatsHandlerTest checks this against the jar on the classpath.
     */
    static final String JNATS_VERSION = "2.25.1";
    static final String MEMORY_SKIPPED = "memory storage: the server cannot snapshot it; only its configuration is kept";
    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    /** The longest wait for the next snapshot chunk, or for the server's ack of an uploaded chunk. */
    private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(60);
    /** streams.json is small; anything beyond this is not one. */
    private static final int MAX_STREAMS_JSON = 64 * 1024 * 1024;

    @Override
    public String type() {
        return "nats";
    }

    @Override
    public List<String> aliases() {
        return List.of("jetstream");
    }

    // ---- connection -------------------------------------------------------------------

    /**
     * {@code nats://HOST:PORT}: the configured host, else {@code containerAddress}; the store's port,
     * else 4222. IPv6 addresses are bracketed.
     */
    static String serverUrl(StoreSpec spec, String containerAddress) {
        String host = spec.host() != null ? spec.host() : containerAddress;
        if (host == null || host.isBlank()) {
            throw SnapdockException.badInput("store '" + spec.name() + "' has no address: set snapdock.stores."
                    + spec.name() + ".host (its container has no IP address on any network)");
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "nats://" + host + ":" + (spec.port() != null ? spec.port() : DEFAULT_PORT);
    }

    /** Connection options: no reconnect (a snapshot cannot survive one), credentials never in the URL. */
    static Options options(StoreSpec spec, String url) {
        Options.Builder b = new Options.Builder()
                .server(url)
                .connectionName("snapdock")
                .connectionTimeout(Duration.ofSeconds(10))
                .noReconnect()
                .errorListener(new QuietErrors(spec.name()));
        String token = spec.option("token", null);
        if (token != null) {
            b.token(token.toCharArray());
        } else if (spec.user() != null) {
            b.userInfo(spec.user(), spec.password() != null ? spec.password() : "");
        }
        return b.build();
    }

    private static Connection connect(StoreContext ctx) throws IOException {
        StoreSpec spec = ctx.spec();
        String url = serverUrl(spec, spec.host() == null ? ctx.containerAddress() : null);
        try {
            return Nats.connect(options(spec, url));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + url);
        } catch (IOException | RuntimeException e) {
            throw SnapdockException.unavailable("NATS server of store " + spec.name() + " at " + url
                    + " is unreachable: " + Secrets.redact(SnapdockException.rootMessage(e)), e);
        }
    }

    /** jnats reports asynchronous errors here; they end up in Snapdock's log, redacted. */
    private record QuietErrors(String store) implements ErrorListener {
        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("NATS store {}: {}", store, Secrets.redact(error));
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS store {}: {}", store, Secrets.redact(SnapdockException.rootMessage(exp)));
        }

        @Override
        public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
            LOG.warn("NATS store {}: slow consumer, messages were dropped", store);
        }
    }

    /** One request with its reply; a timeout or "no responders" is an error naming {@code what}. */
    static Message request(Connection nc, String subject, byte[] body, Duration timeout, String what) throws IOException {
        try {
            Message m = nc.requestWithTimeout(subject, body, timeout).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            if (m == null) {
                throw SnapdockException.failed(what + ": no answer within " + timeout.toSeconds() + " s");
            }
            if (m.isStatusMessage() && m.getStatus().isNoResponders()) {
                throw SnapdockException.failed(what + ": nobody answers on " + subject + " (is JetStream enabled?)");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + what);
        } catch (TimeoutException e) {
            throw SnapdockException.failed(what + ": no answer within " + timeout.toSeconds() + " s");
        } catch (CancellationException e) {
            throw SnapdockException.failed(what + ": nobody answers on " + subject + " (is JetStream enabled?)");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (c instanceof TimeoutException) {
                throw SnapdockException.failed(what + ": no answer within " + timeout.toSeconds() + " s");
            }
            throw SnapdockException.failed(what + ": " + Secrets.redact(SnapdockException.rootMessage(c)));
        } catch (IllegalStateException e) {
            throw SnapdockException.failed(what + ": " + Secrets.redact(SnapdockException.rootMessage(e)));
        }
    }

    /** A JetStream API call: JSON in, JSON out; an {@code error} in the answer is thrown. */
    static JsonNode api(Connection nc, String subject, JsonNode body, String what) throws IOException {
        byte[] payload = body == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(body);
        Message m = request(nc, subject, payload, API_TIMEOUT, what);
        return apiAnswer(m.getData(), what);
    }

    /** Parses a JetStream API answer; throws its error as one line. */
    static JsonNode apiAnswer(byte[] data, String what) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(data == null ? new byte[0] : data);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            String text = data == null ? "" : new String(data, StandardCharsets.UTF_8).strip();
            throw SnapdockException.failed(what + ": unexpected answer '" + Secrets.redact(abbreviate(text)) + "'");
        }
        JsonNode err = n.get("error");
        if (err != null && !err.isNull()) {
            String desc = err.path("description").asText("unknown error");
            int errCode = err.path("err_code").asInt(0);
            throw SnapdockException.failed(what + ": " + Secrets.redact(desc) + (errCode > 0 ? " (err_code " + errCode + ")" : ""));
        }
        return n;
    }

    private static String subjectToken(String stream) {
        // Stream names cannot hold '.', '*', '>' or whitespace (the server refuses them); be sure anyway.
        if (stream == null || stream.isEmpty() || stream.chars().anyMatch(c -> c == '.' || c == '*' || c == '>' || c <= ' ')) {
            throw SnapdockException.failed("invalid stream name '" + stream + "'");
        }
        return stream;
    }

    static List<String> streamNames(Connection nc) throws IOException {
        List<String> names = new ArrayList<>();
        int offset = 0;
        while (true) {
            ObjectNode req = Json.MAPPER.createObjectNode().put("offset", offset);
            JsonNode page = api(nc, "$JS.API.STREAM.NAMES", req, "listing streams");
            JsonNode streams = page.path("streams");
            if (streams.isArray()) {
                streams.forEach(s -> names.add(s.asText()));
            }
            int got = streams.isArray() ? streams.size() : 0;
            offset += got;
            if (got == 0 || offset >= page.path("total").asInt(0)) {
                break;
            }
        }
        names.sort(null);
        return names;
    }

    private static JsonNode streamInfo(Connection nc, String stream) throws IOException {
        return api(nc, "$JS.API.STREAM.INFO." + subjectToken(stream), null, "stream info of " + stream);
    }

    private static boolean streamExists(Connection nc, String stream) throws IOException {
        return streamNames(nc).contains(stream);
    }

    private static void deleteStream(Connection nc, String stream) throws IOException {
        api(nc, "$JS.API.STREAM.DELETE." + subjectToken(stream), null, "deleting stream " + stream);
    }

    @Override
    public void probe(StoreContext ctx) throws IOException {
        try (Connection nc = connect(ctx)) {
            api(nc, "$JS.API.INFO", null, "JetStream account info of " + ctx.spec().name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    // ---- snapshot (backup, and the safety copy before a restore) -----------------------

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
            JsonNode started = api(nc, "$JS.API.STREAM.SNAPSHOT." + subjectToken(stream), req, "snapshot of stream " + stream);
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
                        throw SnapdockException.failed("snapshot of stream " + stream + " aborted by the server: " + problem);
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
                throw SnapdockException.failed("snapshot of stream " + stream + " lost " + sub.getDroppedCount() + " chunks");
            }
            JsonNode config = started.get("config");
            JsonNode state = started.get("state");
            if (config == null || !config.isObject() || state == null || !state.isObject()) {
                throw SnapdockException.failed("snapshot of stream " + stream + ": the server's answer has no config or state");
            }
            return new Snapshot(config, state, bytes, chunks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the snapshot of stream " + stream);
        } catch (TimeoutException e) {
            throw SnapdockException.failed("snapshot of stream " + stream + ": the server did not confirm the subscription");
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

    // ---- backup -----------------------------------------------------------------------

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        try (Connection nc = connect(ctx)) {
            ctx.entry().serverVersion = nc.getServerInfo().getVersion();
            ctx.entry().tool = "jnats " + JNATS_VERSION;
            ObjectNode doc = Json.MAPPER.createObjectNode();
            doc.put("format", STREAMS_FORMAT);
            doc.put("serverVersion", ctx.entry().serverVersion);
            ArrayNode list = doc.putArray("streams");
            for (String stream : streamNames(nc)) {
                JsonNode before = streamInfo(nc, stream);
                if ("memory".equals(before.path("config").path("storage").asText())) {
                    // The server cannot snapshot a memory stream ("snapshot failed: no impl"): its
                    // configuration is kept, so a restore can recreate it, empty, if it is gone.
                    ObjectNode s = list.addObject();
                    s.put("name", stream);
                    s.set("config", before.get("config"));
                    s.set("state", before.get("state"));
                    s.put("skipped", MEMORY_SKIPPED);
                    LOG.warn("Stream {} of {} uses memory storage, which the server cannot snapshot: only its"
                            + " configuration is backed up ({} messages are not)", stream, ctx.spec().name(),
                            before.path("state").path("messages").asLong());
                    continue;
                }
                Manifest.Artifact a = new Manifest.Artifact();
                a.name = artifactName(stream);
                a.kind = "stream";
                a.database = stream;
                a.format = SNAPSHOT_FORMAT;
                Snapshot snap;
                try (ArtifactOutput out = sink.open(a)) {
                    snap = snapshot(nc, stream, out);
                    ctx.entry().artifacts.add(out.commit());
                }
                ObjectNode s = list.addObject();
                s.put("name", stream);
                s.put("artifact", a.name);
                s.set("config", snap.config());
                s.set("state", snap.state());
                long lastSeqAfter = streamInfo(nc, stream).path("state").path("last_seq").asLong(-1);
                boolean changed = lastSeqAfter != snap.state().path("last_seq").asLong(-1);
                s.put("changedDuringSnapshot", changed);
                if (changed) {
                    LOG.warn("Stream {} of {} received messages while it was snapshotted: the snapshot may hold more"
                            + " than the {} messages recorded", stream, ctx.spec().name(), snap.state().path("messages").asLong());
                }
                LOG.info("Stream {} of {}: {} messages, snapshot of {} bytes", stream, ctx.spec().name(),
                        snap.state().path("messages").asLong(), snap.bytes());
            }
            Manifest.Artifact streams = new Manifest.Artifact();
            streams.name = STREAMS;
            streams.kind = "streams";
            streams.format = "json";
            try (ArtifactOutput out = sink.open(streams)) {
                out.write(Json.MAPPER.writeValueAsBytes(doc));
                ctx.entry().artifacts.add(out.commit());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    static String artifactName(String stream) {
        return "stream-" + Names.fileSafe(stream) + ".snapshot";
    }

    // ---- streams.json -----------------------------------------------------------------

    /** One stream as streams.json recorded it. */
    record StreamRecord(String name, String artifact, JsonNode config, JsonNode state, boolean changedDuringSnapshot,
                        String skipped) {
        long messages() {
            return state.path("messages").asLong();
        }

        /** A stream whose content was not snapshotted (memory storage): only its configuration is restorable. */
        boolean configOnly() {
            return skipped != null;
        }
    }

    /** Reads streams.json; a document that is not one is an error naming what is wrong. */
    static List<StreamRecord> parseStreams(byte[] json) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw SnapdockException.failed("not JSON: " + abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw SnapdockException.failed("not JSON: " + abbreviate(e.getMessage()));
        }
        if (doc == null || !doc.isObject() || !doc.path("streams").isArray()) {
            throw SnapdockException.failed("no streams list");
        }
        List<StreamRecord> out = new ArrayList<>();
        for (JsonNode s : doc.get("streams")) {
            String name = s.path("name").asText("");
            String skipped = s.path("skipped").isTextual() ? s.get("skipped").asText() : null;
            if (name.isEmpty() || (skipped == null && !s.path("artifact").isTextual()) || !s.path("config").isObject()
                    || !s.path("state").isObject() || !s.path("state").path("messages").canConvertToLong()) {
                throw SnapdockException.failed("stream entry " + out.size() + " lacks its name, artifact, config or state");
            }
            if (!name.equals(s.path("config").path("name").asText(name))) {
                throw SnapdockException.failed("stream " + name + " has the configuration of stream " + s.path("config").path("name").asText());
            }
            out.add(new StreamRecord(name, skipped == null ? s.get("artifact").asText() : null, s.get("config"),
                    s.get("state"), s.path("changedDuringSnapshot").asBoolean(false), skipped));
        }
        return out;
    }

    /**
     * Whether a restored stream holds what streams.json recorded: the same number of messages, or
     * at least as many when the stream was written to while its snapshot was taken (the server
     * reports the state at the start; messages appended meanwhile can be in the snapshot too).
     */
    static String countProblem(StreamRecord s, long restoredMessages) {
        long expected = s.messages();
        if (restoredMessages == expected || (s.changedDuringSnapshot() && restoredMessages > expected)) {
            return null;
        }
        return "stream " + s.name() + " holds " + restoredMessages + " messages after the restore, the snapshot recorded " + expected;
    }

    // ---- validation -------------------------------------------------------------------

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        if ("streams".equals(artifact.kind)) {
            byte[] json = data.readNBytes(MAX_STREAMS_JSON + 1);
            data.transferTo(OutputStream.nullOutputStream());
            if (json.length > MAX_STREAMS_JSON) {
                report.add("streams_unreadable", store, artifact.name, "larger than " + MAX_STREAMS_JSON + " bytes");
                return;
            }
            try {
                parseStreams(json);
            } catch (SnapdockException e) {
                report.add("streams_unreadable", store, artifact.name, e.getMessage());
            }
            return;
        }
        if ("stream".equals(artifact.kind)) {
            String problem = SnapshotFormat.check(data);
            data.transferTo(OutputStream.nullOutputStream());
            if (problem != null) {
                report.add("snapshot_unreadable", store, artifact.name, problem);
            }
            return;
        }
        data.transferTo(OutputStream.nullOutputStream());
    }

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        Manifest.Artifact listing = entry.artifacts.stream().filter(a -> "streams".equals(a.kind)).findFirst()
                .orElseThrow(() -> SnapdockException.failed("the snapshot of " + entry.name + " has no " + STREAMS));
        List<StreamRecord> streams;
        try (InputStream in = source.open(listing)) {
            streams = parseStreams(in.readNBytes(MAX_STREAMS_JSON));
        } catch (SnapdockException e) {
            throw SnapdockException.failed(STREAMS + " of " + entry.name + " is unreadable: " + e.getMessage());
        }
        Map<String, Manifest.Artifact> snapshots = new HashMap<>();
        for (Manifest.Artifact a : entry.artifacts) {
            if ("stream".equals(a.kind)) {
                snapshots.put(a.database, a);
            }
        }
        for (StreamRecord s : streams) {
            if (!s.configOnly() && !snapshots.containsKey(s.name())) {
                throw SnapdockException.failed("the snapshot of " + entry.name + " has no artifact for stream " + s.name());
            }
        }
        try (Connection nc = connect(ctx)) {
            for (StreamRecord s : streams) {
                if (s.configOnly()) {
                    recreateConfigOnly(ctx, nc, s);
                } else {
                    restoreStream(ctx, nc, s, snapshots.get(s.name()), source);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** A stream backed up without content (memory storage): recreated empty when it is gone, else left alone. */
    private void recreateConfigOnly(StoreContext ctx, Connection nc, StreamRecord s) throws IOException {
        if (streamExists(nc, s.name())) {
            LOG.warn("Stream {} of {} was backed up without its messages ({}); the existing stream is left as it is",
                    s.name(), ctx.spec().name(), s.skipped());
            return;
        }
        api(nc, "$JS.API.STREAM.CREATE." + subjectToken(s.name()), s.config(), "recreating stream " + s.name());
        LOG.warn("Stream {} of {} was backed up without its messages ({}); it was recreated empty", s.name(),
                ctx.spec().name(), s.skipped());
    }

    private void restoreStream(StoreContext ctx, Connection nc, StreamRecord s, Manifest.Artifact artifact,
                               ArtifactSource source) throws IOException {
        String name = s.name();
        Path kept = null;
        Snapshot previous = null;
        if (streamExists(nc, name)) {
            // The restore API refuses an existing stream: keep its current content aside first.
            kept = Files.createTempFile("snapdock-nats-" + Names.fileSafe(name) + "-", ".snapshot");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(kept))) {
                previous = snapshot(nc, name, out);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(kept);
                throw SnapdockException.failed("stream " + name + " of " + ctx.spec().name() + " was not restored (nothing"
                        + " was changed): its current content could not be kept aside: " + e.getMessage());
            }
            LOG.info("Stream {} of {}: current content ({} messages) kept in {} until the restore is complete",
                    name, ctx.spec().name(), previous.state().path("messages").asLong(), kept);
            try {
                deleteStream(nc, name);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(kept);
                throw SnapdockException.failed("stream " + name + " of " + ctx.spec().name() + " was not restored: it"
                        + " could not be deleted to make room: " + e.getMessage());
            }
        }
        boolean keepFile = false;
        try {
            try (InputStream in = source.open(artifact)) {
                restoreFrom(nc, name, s.config(), s.state(), in, ctx.timeout());
            }
            String problem = countProblem(s, streamInfo(nc, name).path("state").path("messages").asLong(-1));
            if (problem != null) {
                throw SnapdockException.failed(problem);
            }
            LOG.info("Stream {} of {} restored: {} messages", name, ctx.spec().name(), s.messages());
        } catch (IOException | RuntimeException e) {
            String outcome;
            if (previous != null) {
                keepFile = !rollBack(ctx, nc, name, previous, kept, e);
                outcome = keepFile ? "putting its previous content back failed too; it is kept in " + kept
                        : "its previous content was put back";
            } else {
                removeQuietly(nc, name, e);
                outcome = "it did not exist before and was removed again";
            }
            SnapdockException failure = new SnapdockException(SnapdockException.Kind.FAILED, "restoring stream " + name
                    + " of " + ctx.spec().name() + " failed (" + outcome + "): " + Secrets.redact(e.getMessage()), e);
            Arrays.stream(e.getSuppressed()).forEach(failure::addSuppressed);
            throw failure;
        } finally {
            if (kept != null && !keepFile) {
                deleteQuietly(kept);
            }
        }
    }

    /** Puts the stream's previous content back from the local snapshot; false when that failed too. */
    private boolean rollBack(StoreContext ctx, Connection nc, String name, Snapshot previous, Path kept, Exception cause) {
        try {
            if (streamExists(nc, name)) {
                deleteStream(nc, name);
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(kept))) {
                restoreFrom(nc, name, previous.config(), previous.state(), in, ctx.timeout());
            }
            LOG.warn("Restore of stream {} of {} failed; its previous content was put back", name, ctx.spec().name());
            return true;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(SnapdockException.failed("putting stream " + name + " back failed: " + e.getMessage()));
            LOG.error("Restore of stream {} of {} failed and so did putting its previous content back; that content is"
                    + " kept in {}", name, ctx.spec().name(), kept);
            return false;
        }
    }

    private static void removeQuietly(Connection nc, String name, Exception cause) {
        try {
            if (streamExists(nc, name)) {
                deleteStream(nc, name);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not delete temporary file {}: {}", p, e.getMessage());
        }
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
                throw SnapdockException.failed(what + ": the server refused a chunk: " + Secrets.redact(abbreviate(text)));
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


    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    // ---- the snapshot format ----------------------------------------------------------

    /**
     * Reads a JetStream stream snapshot to its end and says what is wrong with it. A snapshot is
     * an S2 stream (Snappy's framing format with S2 blocks; first chunk {@code ff 06 00 00
     * "S2sTwO"}) holding a tar archive of the stream's files ({@code meta.inf}, {@code meta.sum},
     * {@code msgs/*.blk}, consumers under {@code obs/}). Every chunk is decompressed and its
     * CRC-32C checked, and the tar's headers are walked (checksums, sizes) to its end marker.
     */
    static final class SnapshotFormat {

        static final byte[] STREAM_IDENTIFIER = {(byte) 0xff, 0x06, 0x00, 0x00, 'S', '2', 's', 'T', 'w', 'O'};
        private static final byte[] SNAPPY_BODY = {'s', 'N', 'a', 'P', 'p', 'Y'};
        /** S2's largest block (4 MiB); a chunk claiming more is not S2's. */
        static final int MAX_BLOCK = 4 << 20;

        private SnapshotFormat() {
        }

        /** What is wrong with the snapshot in {@code in} (read to the end of its S2 stream), or null. */
        static String check(InputStream in) throws IOException {
            try {
                return read(in, null);
            } catch (Corrupt e) {
                return e.getMessage();
            }
        }

        /** Reads it all; regular files' names go to {@code names} (when not null). */
        static String read(InputStream in, List<String> names) throws IOException {
            TarWalker tar = new TarWalker(names);
            byte[] head = new byte[4];
            boolean identified = false;
            long offset = 0;
            long blocks = 0;
            CRC32C crc = new CRC32C();
            while (true) {
                int h = in.readNBytes(head, 0, 4);
                if (h == 0) {
                    break;
                }
                if (h < 4) {
                    throw new Corrupt("truncated: a chunk header is cut off at byte " + offset);
                }
                int type = head[0] & 0xff;
                int len = (head[1] & 0xff) | (head[2] & 0xff) << 8 | (head[3] & 0xff) << 16;
                if (!identified && type != 0xff) {
                    throw new Corrupt(offset == 0 ? "not an S2 stream (no S2 stream identifier at the start)"
                            : "chunk before the stream identifier at byte " + offset);
                }
                byte[] body = in.readNBytes(len);
                if (body.length < len) {
                    throw new Corrupt("truncated: chunk at byte " + offset + " declares " + len + " bytes, " + body.length + " follow");
                }
                if (type == 0xff) {
                    if (len != 6 || !(Arrays.equals(body, Arrays.copyOfRange(STREAM_IDENTIFIER, 4, 10))
                            || Arrays.equals(body, SNAPPY_BODY))) {
                        throw new Corrupt("bad stream identifier at byte " + offset);
                    }
                    identified = true;
                } else if (type == 0x00 || type == 0x01) {
                    if (len < 4) {
                        throw new Corrupt("data chunk at byte " + offset + " is too short for its checksum");
                    }
                    int expected = (body[0] & 0xff) | (body[1] & 0xff) << 8 | (body[2] & 0xff) << 16 | (body[3] & 0xff) << 24;
                    byte[] block = type == 0x01 ? Arrays.copyOfRange(body, 4, len) : decodeBlock(body, 4, offset);
                    if (block.length > MAX_BLOCK) {
                        throw new Corrupt("chunk at byte " + offset + " holds more than an S2 block");
                    }
                    crc.reset();
                    crc.update(block, 0, block.length);
                    if (masked((int) crc.getValue()) != expected) {
                        throw new Corrupt("checksum mismatch in chunk at byte " + offset);
                    }
                    tar.feed(block, 0, block.length);
                    blocks++;
                } else if (type >= 0x02 && type <= 0x7f) {
                    throw new Corrupt("unknown chunk type 0x" + Integer.toHexString(type) + " at byte " + offset);
                }
                // 0x80-0xfe: skippable (padding, S2 index)
                offset += 4L + len;
            }
            if (!identified) {
                throw new Corrupt("empty");
            }
            if (blocks == 0) {
                throw new Corrupt("no data chunk");
            }
            tar.finish();
            if (!tar.names.contains("meta.inf")) {
                throw new Corrupt("the archive holds no meta.inf (the stream's metadata)");
            }
            return null;
        }

        /** Snappy's masked CRC: {@code ((c >>> 15) | (c << 17)) + 0xa282ead8}. */
        static int masked(int crc) {
            return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
        }

        /** Decodes one S2 block (Snappy's block format plus S2's repeat-offset copies). */
        static byte[] decodeBlock(byte[] src, int start, long at) throws Corrupt {
            int s = start;
            long dLen = 0;
            int shift = 0;
            while (true) {
                if (s >= src.length || shift > 28) {
                    throw new Corrupt("bad block length in chunk at byte " + at);
                }
                int b = src[s++] & 0xff;
                dLen |= (long) (b & 0x7f) << shift;
                if (b < 0x80) {
                    break;
                }
                shift += 7;
            }
            if (dLen > MAX_BLOCK) {
                throw new Corrupt("block in chunk at byte " + at + " claims " + dLen + " bytes");
            }
            byte[] dst = new byte[(int) dLen];
            int d = 0;
            int offset = 0;
            while (s < src.length) {
                int tag = src[s] & 0xff;
                int length;
                switch (tag & 0x03) {
                    case 0 -> {
                        int x = tag >>> 2;
                        if (x < 60) {
                            s++;
                        } else {
                            int n = x - 59;
                            if (s + 1 + n > src.length) {
                                throw corrupt(at);
                            }
                            x = 0;
                            for (int i = 0; i < n; i++) {
                                x |= (src[s + 1 + i] & 0xff) << (8 * i);
                            }
                            s += 1 + n;
                        }
                        long lit = (x & 0xffffffffL) + 1;
                        if (lit > dst.length - d || lit > src.length - s) {
                            throw corrupt(at);
                        }
                        System.arraycopy(src, s, dst, d, (int) lit);
                        d += (int) lit;
                        s += (int) lit;
                        continue;
                    }
                    case 1 -> {
                        if (s + 2 > src.length) {
                            throw corrupt(at);
                        }
                        length = (tag >>> 2) & 0x7;
                        int toffset = ((tag & 0xe0) << 3) | (src[s + 1] & 0xff);
                        s += 2;
                        if (toffset == 0) {
                            // S2: repeat the last offset, with a longer length encoding
                            switch (length) {
                                case 5 -> {
                                    if (s + 1 > src.length) {
                                        throw corrupt(at);
                                    }
                                    length = (src[s] & 0xff) + 4;
                                    s += 1;
                                }
                                case 6 -> {
                                    if (s + 2 > src.length) {
                                        throw corrupt(at);
                                    }
                                    length = ((src[s] & 0xff) | (src[s + 1] & 0xff) << 8) + (1 << 8);
                                    s += 2;
                                }
                                case 7 -> {
                                    if (s + 3 > src.length) {
                                        throw corrupt(at);
                                    }
                                    length = ((src[s] & 0xff) | (src[s + 1] & 0xff) << 8 | (src[s + 2] & 0xff) << 16) + (1 << 16);
                                    s += 3;
                                }
                                default -> {
                                    // 0-4: the length as it is
                                }
                            }
                        } else {
                            offset = toffset;
                        }
                        length += 4;
                    }
                    case 2 -> {
                        if (s + 3 > src.length) {
                            throw corrupt(at);
                        }
                        length = 1 + (tag >>> 2);
                        offset = (src[s + 1] & 0xff) | (src[s + 2] & 0xff) << 8;
                        s += 3;
                    }
                    default -> {
                        if (s + 5 > src.length) {
                            throw corrupt(at);
                        }
                        length = 1 + (tag >>> 2);
                        long off = (src[s + 1] & 0xffL) | (src[s + 2] & 0xffL) << 8 | (src[s + 3] & 0xffL) << 16
                                | (src[s + 4] & 0xffL) << 24;
                        if (off > Integer.MAX_VALUE) {
                            throw corrupt(at);
                        }
                        offset = (int) off;
                        s += 5;
                    }
                }
                if (offset <= 0 || d < offset || length > dst.length - d) {
                    throw corrupt(at);
                }
                if (offset >= length) {
                    System.arraycopy(dst, d - offset, dst, d, length);
                } else {
                    for (int i = 0; i < length; i++) { // overlapping: byte by byte, forwards
                        dst[d + i] = dst[d - offset + i];
                    }
                }
                d += length;
            }
            if (d != dst.length) {
                throw corrupt(at);
            }
            return dst;
        }

        private static Corrupt corrupt(long at) {
            return new Corrupt("corrupt S2 block in chunk at byte " + at);
        }

        /** Walks a tar archive fed in pieces: header checksums, entry sizes, the end marker. */
        static final class TarWalker {
            private final byte[] header = new byte[512];
            final List<String> names;
            private int filled;
            private long skip;
            private int zeroBlocks;
            private long entries;

            TarWalker(List<String> names) {
                this.names = names != null ? names : new ArrayList<>();
            }

            void feed(byte[] b, int off, int len) throws Corrupt {
                while (len > 0) {
                    if (skip > 0) {
                        int n = (int) Math.min(skip, len);
                        skip -= n;
                        off += n;
                        len -= n;
                        continue;
                    }
                    if (zeroBlocks >= 2) {
                        return; // after the end marker: nothing more is read
                    }
                    int n = Math.min(512 - filled, len);
                    System.arraycopy(b, off, header, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                    if (filled == 512) {
                        filled = 0;
                        header();
                    }
                }
            }

            private void header() throws Corrupt {
                boolean zero = true;
                for (byte x : header) {
                    if (x != 0) {
                        zero = false;
                        break;
                    }
                }
                if (zero) {
                    zeroBlocks++;
                    return;
                }
                if (zeroBlocks > 0) {
                    throw new Corrupt("tar archive continues after its end marker");
                }
                long stored = octal(148, 8);
                long sum = 0;
                for (int i = 0; i < 512; i++) {
                    sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
                }
                if (stored != sum) {
                    throw new Corrupt("tar header " + (entries + 1) + " has a bad checksum");
                }
                long size = (header[124] & 0x80) != 0 ? base256(124, 12) : octal(124, 12);
                if (size < 0) {
                    throw new Corrupt("tar header " + (entries + 1) + " has a bad size");
                }
                char type = (char) header[156];
                if (type == '0' || type == '\0' || type == '7') {
                    String name = text(0, 100);
                    if (header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                            && header[261] == 'r' && header[345] != 0) {
                        name = text(345, 155) + "/" + name;
                    }
                    names.add(name);
                }
                entries++;
                skip = (size + 511) / 512 * 512;
            }

            void finish() throws Corrupt {
                if (filled != 0 || skip > 0) {
                    throw new Corrupt("truncated: the tar archive ends inside an entry");
                }
                if (zeroBlocks == 0) {
                    throw new Corrupt("truncated: the tar archive has no end marker");
                }
                if (entries == 0) {
                    throw new Corrupt("the tar archive is empty");
                }
            }

            private long octal(int off, int len) throws Corrupt {
                long v = 0;
                boolean digits = false;
                for (int i = off; i < off + len; i++) {
                    int c = header[i] & 0xff;
                    if (c == 0 || (c == ' ' && digits)) {
                        break;
                    }
                    if (c == ' ') {
                        continue;
                    }
                    if (c < '0' || c > '7') {
                        throw new Corrupt("tar header " + (entries + 1) + " has a bad number");
                    }
                    v = v * 8 + (c - '0');
                    digits = true;
                }
                return v;
            }

            private long base256(int off, int len) {
                long v = header[off] & 0x7f;
                for (int i = off + 1; i < off + len; i++) {
                    if (v > (Long.MAX_VALUE >> 8)) {
                        return -1;
                    }
                    v = (v << 8) | (header[i] & 0xff);
                }
                return v;
            }

            private String text(int off, int len) {
                int end = off;
                while (end < off + len && header[end] != 0) {
                    end++;
                }
                return new String(header, off, end - off, StandardCharsets.UTF_8);
            }
        }

        /** The snapshot is not what the server writes. */
        static final class Corrupt extends IOException {
            Corrupt(String message) {
                super(message);
            }
        }
    }
}
