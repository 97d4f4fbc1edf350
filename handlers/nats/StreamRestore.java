package io.snapdock.handlers.nats;

import io.nats.client.Connection;
import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler.ArtifactSource;
import io.snapdock.handlers.nats.StreamSnapshots.Snapshot;
import io.snapdock.handlers.nats.StreamsJson.StreamRecord;
import io.snapdock.model.Manifest;
import io.snapdock.model.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.snapdock.handlers.nats.NatsApi.*;
import static io.snapdock.handlers.nats.StreamSnapshots.*;
import static io.snapdock.handlers.nats.StreamsJson.*;

/**
 * The restore of one stream: a stream that exists is first snapshotted into a local file and
 * deleted (the restore API refuses an existing name); if the restore fails, the half-restored
 * stream is removed and the local snapshot restored in its place.
 */
final class StreamRestore {

    private static final Logger LOG = LoggerFactory.getLogger(NatsHandler.class);

    private StreamRestore() {
    }

    /** A stream backed up without content (memory storage): recreated empty when it is gone, else left alone. */
    static void recreateConfigOnly(StoreContext ctx, Connection nc, StreamRecord s) throws IOException {
        if (streamExists(nc, s.name())) {
            LOG.warn("Stream {} of {} was backed up without its messages ({}); the existing stream is left as it is",
                    s.name(), ctx.spec().name(), s.skipped());
            return;
        }
        api(nc, "$JS.API.STREAM.CREATE." + subjectToken(s.name()), s.config(), "recreating stream " + s.name());
        LOG.warn("Stream {} of {} was backed up without its messages ({}); it was recreated empty", s.name(),
                ctx.spec().name(), s.skipped());
    }

    static void restoreStream(StoreContext ctx, Connection nc, StreamRecord s, Manifest.Artifact artifact,
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
                throw SnapdockException
                        .failed("stream " + name + " of " + ctx.spec().name() + " was not restored (nothing"
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
    private static boolean rollBack(StoreContext ctx, Connection nc, String name, Snapshot previous, Path kept,
                                    Exception cause) {
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
}
