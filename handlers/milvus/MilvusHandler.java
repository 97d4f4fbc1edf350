package io.snapdock.handlers.milvus;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import static io.snapdock.handlers.milvus.MilvusCommands.*;

/**
 * Milvus, stop mode only: the container is stopped and its data folder {@code /var/lib/milvus}
 * (or {@code snapdock.path}) is copied with the stopped-volume method ({@code VolumeHandler});
 * restore puts the folder back while it is stopped. That copy is complete for Milvus
 * standalone with its embedded etcd and local storage, where everything lives under that
 * folder. With the usual compose setup (separate etcd and MinIO containers) the metadata and
 * the segments are NOT in that folder: stop etcd and MinIO with it ({@code stop-with}) and back
 * their volumes up too (label them {@code snapdock.type=volume}) — each is then copied while
 * stopped, but not at one shared instant.
 *
 * <p>There is no online method. milvus-backup (zilliztech/milvus-backup) can copy a running
 * Milvus, but it writes its backups into Milvus's own object storage, not into a stream
 * Snapdock could hash and store: with option {@code milvus-backup} (the path of its
 * {@code backup.yaml}) set and {@code snapdock.mode=online}, a backup fails and names the
 * commands an operator would run ({@link MilvusCommands}). This is
 * documentation, not an implementation.
 *
 * <p><b>Not exercised against a real Milvus here</b>: the folder method itself is exercised
 * (StopModeIT, with the app test image); the Milvus-specific parts (the data path, the
 * milvus-backup command lines, unit-tested in {@code MilvusHandlerTest}) were not run against
 * Milvus or milvus-backup.
 */
public final class MilvusHandler implements StoreHandler {

    static final String DATA_PATH = "/var/lib/milvus";

    @Override
    public String type() {
        return "milvus";
    }

    @Override
    public String defaultMode() {
        return "stop";
    }

    @Override
    public String dataPath() {
        return DATA_PATH;
    }

    // ---- the handler ------------------------------------------------------------------

    /** The container exists. Readiness after a restart is the container's own health check. */
    @Override
    public void probe(StoreContext ctx) {
        if (ctx.docker() == null || !ctx.spec().inContainer()) {
            throw SnapdockException.badInput("store " + ctx.spec().name() + " must run in a container");
        }
        ctx.docker().inspect(ctx.spec().container());
    }

    /** Only reached with snapdock.mode=online: there is no online method. */
    @Override
    public void backup(StoreContext ctx, BackupSink sink) {
        throw SnapdockException.badInput(noOnlineMethod(ctx.spec().name(), ctx.spec().option("milvus-backup", null)));
    }

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) {
        throw SnapdockException.badInput(noOnlineMethod(ctx.spec().name(), ctx.spec().option("milvus-backup", null)));
    }

    /** No artifact of this method exists (stop-mode copies are checked as folders). */
    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        data.transferTo(OutputStream.nullOutputStream());
        report.warn("native_check_skipped", store, artifact.name, "no native check for Milvus artifacts");
    }
}
