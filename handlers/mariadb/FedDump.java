package io.snapdock.handlers.mariadb;

import io.snapdock.SnapdockException;
import io.snapdock.model.Manifest;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** What was fed to a loader: whether all of it went in, its SHA-256 and its shape. */
record FedDump(boolean complete, String sha256, DumpShape shape) {

    /** Fails when the input was not a whole dump with the manifest's checksum. */
    void verify(Manifest.Artifact a, String what) {
        if (!complete) {
            throw SnapdockException.failed("loading " + a.name + " (" + what + ") stopped before the end of the dump");
        }
        if (shape.problem() != null) {
            throw SnapdockException.failed(a.name + " (" + what + ") is not a complete dump: " + shape.describe());
        }
        if (a.sha256 != null && !a.sha256.equalsIgnoreCase(sha256)) {
            throw SnapdockException.failed(a.name + " (" + what + ") read back with SHA-256 " + sha256
                    + ", the manifest says " + a.sha256);
        }
    }

    /** Copies {@code in} to a command's stdin, hashing and shaping it; stops writing if the command stops reading. */
    static FedDump feed(InputStream in, OutputStream stdin) throws IOException {
        MessageDigest sha = ArtifactOutput.newSha256();
        DumpShape shape = new DumpShape();
        boolean open = true;
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            sha.update(buf, 0, n);
            shape.write(buf, 0, n);
            try {
                stdin.write(buf, 0, n);
            } catch (IOException e) {
                open = false;
                break;
            }
        }
        try {
            stdin.close();
        } catch (IOException e) {
            open = false;
        }
        return new FedDump(open, HexFormat.of().formatHex(sha.digest()), shape);
    }
}
