package io.snapdock.handlers.volume;

import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.handlers.ContainerSwap;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * the archive unpacked into it. If anything fails, the copy taken aside is put back (the
 * stop, the start that ALWAYS follows and the put-back are {@link ContainerSwap}'s).
 */
public final class VolumeHandler implements StoreHandler {

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
        try {
            new ContainerSwap(ctx, List.of(id), "the previous content of " + path, new ContainerSwap.Steps() {
                @Override
                public void takeAside() throws IOException {
                    try (InputStream current = docker.copyOut(id, path)) {
                        Files.copy(current, aside, StandardCopyOption.REPLACE_EXISTING);
                    }
                }

                @Override
                public void putInPlace() throws IOException {
                    empty(docker, image, id, path, ctx);
                    try (InputStream in = source.open(archive)) {
                        docker.copyIn(id, parent, in);
                    }
                }

                @Override
                public boolean putBack(Exception cause) {
                    try {
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
