package io.snapdock.repo.content;

import io.snapdock.SnapdockException;
import io.snapdock.repo.backend.Repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Copies packs from one repository to another (the replica), streamed through a fixed buffer,
 * never a whole pack in memory. Each copy is verified: the SHA-256 of the bytes streamed must be
 * the pack's name and is computed while copying, before the object is committed (a pack read
 * wrong from the source is never published); then the size the destination reports for the
 * committed object must be the number of bytes sent; with {@code readBack} the destination's
 * object is also read back whole and hashed again.
 */
public final class PackCopy {

    private final Repository from;
    private final Repository to;
    private final boolean readBack;

    public PackCopy(Repository from, Repository to, boolean readBack) {
        this.from = from;
        this.to = to;
        this.readBack = readBack;
    }

    /** Copies pack {@code pack}; returns its size in bytes. Fails (and publishes nothing) when a check fails. */
    public long copy(String pack) throws IOException {
        String key = ContentStore.packKey(pack);
        MessageDigest sha = sha256();
        long n;
        try (InputStream in = new DigestInputStream(from.open(key), sha);
             Repository.PendingObject out = to.create(key)) {
            n = in.transferTo(out);
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(pack)) {
                // Not committed: closing discards it.
                throw SnapdockException.failed("pack " + pack + " read from " + from.describe()
                        + " does not match its name (SHA-256 " + got + "): it is damaged there and was not copied");
            }
            out.commit();
        }
        long stored = to.size(key);
        if (stored != n) {
            throw SnapdockException.failed("pack " + pack + " copied to " + to.describe() + " holds " + stored
                    + " bytes there instead of " + n);
        }
        if (readBack) {
            MessageDigest again = sha256();
            try (InputStream in = new DigestInputStream(to.open(key), again)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            String got = HexFormat.of().formatHex(again.digest());
            if (!got.equals(pack)) {
                throw SnapdockException.failed("pack " + pack + " read back from " + to.describe()
                        + " does not match its name (SHA-256 " + got + ")");
            }
        }
        return n;
    }

    /** Writes a new index file on {@code replica} listing {@code packs} (after they are all copied). */
    public static void writeIndex(ContentStore replica, Collection<PackContents> packs) throws IOException {
        if (!packs.isEmpty()) {
            replica.writeIndexFile(packs);   // this process may read the replica next: it knows the chunks now
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
