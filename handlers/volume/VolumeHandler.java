package io.snapdock.handlers.volume;

import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.handlers.ContainerSwap;
import io.snapdock.handlers.PathProbe;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static io.snapdock.handlers.volume.FolderCommands.*;

/**
 * A folder inside a container (a Docker volume, e.g. a Chroma vector store), copied while its
 * container is stopped: a tar through the Docker archive API, which keeps owners, modes and
 * times. This is also the "stopped-volume" method any store type uses in stop mode (its data
 * folder: {@code snapdock.path}, or the handler's {@link StoreHandler#dataPath()}).
 *
 * <p>Restore, with the container stopped: the current folder is first copied aside to a local
 * file; the folder is emptied by a throw-away sibling container (same image, same volumes) and
 * the archive unpacked into it. A folder that does not exist (a new host) is created by the
 * archive with its recorded owner and mode, the folders missing above it first. If anything
 * fails, the copy taken aside is put back, or the folder created is removed (the stop, the start
 * that ALWAYS follows and the put-back are {@link ContainerSwap}'s).
 */
public final class VolumeHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(VolumeHandler.class);

    static final String ARCHIVE = "files.tar";

    @Override
    public String type() {
        return "volume";
    }

    @Override
    public String defaultMode() {
        return "stop";
    }

    static DockerGateway docker(StoreContext ctx) {
        return ctx.requireDocker("must run in a container for a folder copy");
    }

    @Override
    public void probe(StoreContext ctx) {
        docker(ctx).inspect(ctx.spec().container());
        path(ctx);
    }

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        String path = path(ctx);
        Manifest.Artifact a = new Manifest.Artifact();
        a.name = ARCHIVE;
        a.kind = "files";
        a.format = "tar";
        a.database = path;
        ctx.entry().tool = "docker archive API";
        try (InputStream tar = docker(ctx).copyOut(ctx.spec().container(), path);
             ArtifactOutput out = sink.open(a)) {
            tar.transferTo(out);
            ctx.entry().artifacts.add(out.commit());
        }
    }

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        FolderArchive.check(store, artifact, data, report);
    }

    /** Empty: the folder missing, or holding no entry at all (hidden ones included). */
    @Override
    public boolean isEmpty(StoreContext ctx) throws IOException {
        return PathProbe.allEmpty(ctx, path(ctx));
    }

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        DockerGateway docker = docker(ctx);
        String id = ctx.spec().container();
        Manifest.Artifact archive = entry.artifacts.stream().filter(x -> "files".equals(x.kind)).findFirst()
                .orElseThrow(
                        () -> SnapdockException.failed("snapshot entry of " + entry.name + " holds no folder archive"));
        String path = archive.database != null ? archive.database : path(ctx);
        String parent = parentOf(path);
        String image = docker.inspect(id).getConfig().getImage();
        Path aside = Files.createTempFile("snapdock-aside-", ".tar");
        boolean[] existed = {true};
        try {
            new ContainerSwap(ctx, List.of(id), "the previous content of " + path, new ContainerSwap.Steps() {
                @Override
                public void takeAside() throws IOException {
                    try (InputStream current = docker.copyOutIfExists(id, path)) {
                        if (current == null) {
                            existed[0] = false;   // a new host: the archive creates it
                            LOG.info("{} does not exist in {}: it is created from the archive", path,
                                    ctx.spec().name());
                            return;
                        }
                        Files.copy(current, aside, StandardCopyOption.REPLACE_EXISTING);
                    }
                }

                @Override
                public void putInPlace() throws IOException {
                    try (BufferedInputStream in = new BufferedInputStream(source.open(archive), 64 * 1024)) {
                        if (existed[0]) {
                            empty(docker, image, id, path, ctx);
                        } else {
                            createParents(docker, ctx, path, FolderArchive.topEntry(in));
                        }
                        docker.copyIn(id, parent, in);
                    }
                }

                @Override
                public boolean putBack(Exception cause) {
                    try {
                        if (!existed[0]) {
                            remove(docker, image, id, path, ctx);
                            return true;
                        }
                        empty(docker, image, id, path, ctx);
                        try (InputStream back = Files.newInputStream(aside)) {
                            docker.copyIn(id, parent, back);
                        }
                        return true;
                    } catch (IOException | RuntimeException e) {
                        cause.addSuppressed(SnapdockException.failed("putting the previous content of " + path
                                + " back failed too: " + e.getMessage()));
                        return false;
                    }
                }
            }).run();
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /**
     * Creates the folders missing above {@code path} (through the archive API, so it works on a
     * stopped container and on a path in no volume), owned like the archive's top entry, mode 755;
     * the archive then creates {@code path} itself with its recorded owner and mode. Folders that
     * exist are not touched.
     */
    private static void createParents(DockerGateway docker, StoreContext ctx, String path,
                                      TarArchiveEntry top) throws IOException {
        String id = ctx.spec().container();
        List<String> missing = new ArrayList<>();
        String existing = "/";
        for (String dir : ancestors(path)) {
            if (docker.folderExists(id, dir)) {
                existing = dir;
                break;
            }
            missing.add(0, dir);
        }
        if (missing.isEmpty()) {
            return;
        }
        String base = existing.equals("/") ? "/" : existing + "/";
        List<String> names = missing.stream().map(d -> d.substring(base.length())).toList();
        LOG.info("Creating {} in {} (owner {}:{}, mode 755) to restore {} into", missing, ctx.spec().name(),
                top.getLongUserId(), top.getLongGroupId(), path);
        docker.copyIn(id, existing, new ByteArrayInputStream(
                FolderArchive.folders(names, top.getLongUserId(), top.getLongGroupId())));
    }

    /** Removes {@code path} (created by a restore that failed) from a sibling container with the same volumes. */
    private static void remove(DockerGateway docker, String image, String id, String path, StoreContext ctx) {
        DockerGateway.Sibling s = docker.runSibling(image, id, removeCommand(path), ctx.timeout());
        if (s.exitCode() != 0) {
            throw SnapdockException.failed("could not remove " + path + " (exit " + s.exitCode() + "): "
                    + s.output().strip());
        }
    }

    /** Empties {@code path} (keeps the folder) from a sibling container with the same image and volumes. */
    private static void empty(DockerGateway docker, String image, String id, String path, StoreContext ctx) {
        DockerGateway.Sibling s = docker.runSibling(image, id, emptyCommand(path), ctx.timeout());
        if (s.exitCode() != 0) {
            throw SnapdockException
                    .failed("could not empty " + path + " before restoring it (exit " + s.exitCode() + "): "
                            + s.output().strip());
        }
    }
}
