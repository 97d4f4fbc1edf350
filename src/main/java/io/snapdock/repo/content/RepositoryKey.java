package io.snapdock.repo.content;

import io.snapdock.SnapdockException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The repository's master key (256 bits) as kept in {@code snapdock.encryption.key-file}:
 * <pre>
 * # comment lines
 * snapdock-key-v1:&lt;base64 of 32 bytes&gt;
 * </pre>
 * Every working key is derived from it (HMAC-SHA256 with a label): the data key, the key of chunk
 * ids, the chunker's seed. The repository records only {@link #id()}, a one-way value that tells
 * a wrong key from the right one without revealing either. Never printed, logged or stored.
 */
public final class RepositoryKey {

    static final String PREFIX = "snapdock-key-v1:";
    private static final int LENGTH = 32;

    private final byte[] key;

    private RepositoryKey(byte[] key) {
        this.key = key;
    }

    public static RepositoryKey generate() {
        byte[] k = new byte[LENGTH];
        new SecureRandom().nextBytes(k);
        return new RepositoryKey(k);
    }

    /** Reads a key file; a clear BAD_INPUT naming the file (never its content) when it is not one. */
    public static RepositoryKey read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SnapdockException.badInput("snapdock.encryption.key-file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
        String found = null;
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (found != null || !l.startsWith(PREFIX)) {
                found = null;
                break;
            }
            found = l.substring(PREFIX.length());
        }
        byte[] k = null;
        if (found != null) {
            try {
                k = Base64.getDecoder().decode(found);
            } catch (IllegalArgumentException e) {
                k = null;
            }
        }
        if (k == null || k.length != LENGTH) {
            throw SnapdockException.badInput("snapdock.encryption.key-file " + file
                    + " is not a Snapdock key file (expected one line '" + PREFIX
                    + "…', as printed by 'snapdock keygen')");
        }
        return new RepositoryKey(k);
    }

    /** What {@code snapdock keygen} prints: the content of a key file. */
    public String fileText() {
        return "# Snapdock repository key (key id " + id() + ").\n"
                + "# Keep it secret, and keep a copy away from the repository: without it no snapshot of\n"
                + "# an encrypted repository can be read.\n"
                + PREFIX + Base64.getEncoder().encodeToString(key) + "\n";
    }

    /** A one-way identifier of the key, recorded in the repository to refuse a wrong key at once. */
    public String id() {
        return HexFormat.of().formatHex(derive("snapdock key id")).substring(0, 16);
    }

    /** A 32-byte working key for {@code label}. */
    byte[] derive(String label) {
        return hmac(key, label.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "RepositoryKey[id=" + id() + "]";
    }
}
