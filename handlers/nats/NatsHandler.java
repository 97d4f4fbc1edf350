package io.snapdock.handlers.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.snapdock.SnapdockException;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.handlers.StoreHandler.ArtifactSource;
import io.snapdock.handlers.nats.StreamSnapshots.Snapshot;
import io.snapdock.handlers.nats.StreamsJson.StreamRecord;
import io.snapdock.model.Json;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.nats.NatsApi.*;
import static io.snapdock.handlers.nats.StreamSnapshots.*;
import static io.snapdock.handlers.nats.StreamsJson.*;

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
 *
 * <p>The connection and API calls are in {@link NatsApi}, the snapshot and restore APIs in
 * {@link StreamSnapshots}, streams.json in {@link StreamsJson}, one stream's restore in
 * {@link StreamRestore}, the snapshot checks in {@link SnapshotFormat}.
 */
public final class NatsHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(NatsHandler.class);

    static final String STREAMS = "streams.json";
    static final String SNAPSHOT_FORMAT = "jetstream-snapshot";
    /**
     * The jnats version in use. Its jar declares none that survives shading (jnats' own
     * {@code Nats.CLIENT_VERSION} reads the manifest, which in Snapdock's jar is Snapdock's);
     * NatsHandlerTest checks this against the jar on the classpath.
     */
    static final String JNATS_VERSION = "2.25.1";
    static final String MEMORY_SKIPPED = "memory storage: the server cannot snapshot it; only its configuration is kept";

    @Override
    public String type() {
        return "nats";
    }

    @Override
    public List<String> aliases() {
        return List.of("jetstream");
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

    /** Empty: the JetStream account holds no stream. */
    @Override
    public boolean isEmpty(StoreContext ctx) throws IOException {
        try (Connection nc = connect(ctx)) {
            return streamNames(nc).isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
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
                            + " than the {} messages recorded", stream, ctx.spec().name(),
                            snap.state().path("messages").asLong());
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
                throw SnapdockException
                        .failed("the snapshot of " + entry.name + " has no artifact for stream " + s.name());
            }
        }
        try (Connection nc = connect(ctx)) {
            for (StreamRecord s : streams) {
                if (s.configOnly()) {
                    StreamRestore.recreateConfigOnly(ctx, nc, s);
                } else {
                    StreamRestore.restoreStream(ctx, nc, s, snapshots.get(s.name()), source);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
