package io.snapdock.repo.snapshot;

import io.snapdock.model.Manifest;
import io.snapdock.repo.backend.Repository;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One artifact being streamed into the repository: counts its bytes and computes its SHA-256
 * on the way through, so the manifest's figures describe exactly what was written. The handler
 * calls {@link #commit()} only after its tool exited successfully; closing without commit
 * discards the object.
 */
public final class ArtifactOutput extends OutputStream {

    private final Repository.PendingObject target;
    private final MessageDigest sha256;
    private final Manifest.Artifact artifact;
    private long size;
    private boolean committed;

    public ArtifactOutput(Repository.PendingObject target, Manifest.Artifact artifact) {
        this.target = target;
        this.artifact = artifact;
        this.sha256 = newSha256();
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
        sha256.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        target.write(b, off, len);
        sha256.update(b, off, len);
        size += len;
    }

    /** Publishes the object and returns its manifest entry with size and checksum filled in. */
    public Manifest.Artifact commit() throws IOException {
        target.commit();
        committed = true;
        if (target instanceof io.snapdock.repo.content.ChunkedObject chunked) {
            chunked.describe(artifact);
        }
        artifact.size = size;
        artifact.sha256 = HexFormat.of().formatHex(sha256.digest());
        return artifact;
    }

    public boolean committed() {
        return committed;
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
