package io.snapdock.repo.content;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.snapdock.SnapdockException;
import io.snapdock.model.Json;
import io.snapdock.repo.backend.Repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code config.json} at the repository's root: how its content is cut, compressed and sealed.
 * Written once, by the first backup; every later run follows it (a changed chunk-size property
 * applies to new repositories only, so dedup never breaks). It names the key only by its id.
 * In an unencrypted repository it also holds the (random) chunk-id key and chunker seed; in an
 * encrypted one both are derived from the key and appear nowhere.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RepositoryConfig {

    public static final String KEY = "config.json";
    public static final int FORMAT = 2;

    public int format = FORMAT;
    public String id;
    public String createdAt;
    public String compression = "zstd";
    /** aes-256-gcm or none. */
    public String encryption;
    public String keyId;
    public Sizes chunker;
    /** Unencrypted repositories only. */
    public String chunkIdKey;
    /** Unencrypted repositories only. */
    public String chunkerSeed;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Sizes {
        public int min;
        public int avg;
        public int max;

        public Sizes() {
        }

        public Sizes(int avg) {
            this.avg = avg;
            this.min = avg / 4;
            this.max = avg * 8;
        }
    }

    public boolean encrypted() {
        return !"none".equals(encryption);
    }

    /** The one-line description {@code list} and {@code show} print. */
    public String describeEncryption() {
        return encrypted() ? encryption + ", key id " + keyId : "none (unencrypted)";
    }

    /** The stored config, or null when the repository holds none yet. */
    public static RepositoryConfig read(Repository repo) {
        try (InputStream in = repo.open(KEY)) {
            RepositoryConfig c = Json.MAPPER.readValue(in, RepositoryConfig.class);
            if (c.format != FORMAT || c.chunker == null || c.encryption == null) {
                throw SnapdockException.failed("repository " + repo.describe() + " has a " + KEY
                        + " of an unknown format (" + c.format + ")");
            }
            return c;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw SnapdockException
                    .failed("repository " + repo.describe() + ": " + KEY + " is unreadable: " + e.getMessage());
        }
    }

    /** A new config for a repository without one. */
    public static RepositoryConfig create(RepositoryKey key, int averageChunk) {
        RepositoryConfig c = new RepositoryConfig();
        c.id = random(8);
        c.createdAt = Instant.now().toString();
        c.chunker = new Sizes(averageChunk);
        if (key != null) {
            c.encryption = "aes-256-gcm";
            c.keyId = key.id();
        } else {
            c.encryption = "none";
            c.chunkIdKey = random(32);
            c.chunkerSeed = random(32);
        }
        return c;
    }

    /** Writes {@code fresh} unless a config appeared meanwhile; returns the one that holds. */
    static RepositoryConfig createIfAbsent(Repository repo, RepositoryConfig fresh) throws IOException {
        RepositoryConfig existing = read(repo);
        if (existing != null) {
            return existing;
        }
        repo.put(KEY, Json.write(fresh).getBytes(StandardCharsets.UTF_8));
        // Two first backups racing: both re-read, and both follow whichever write landed last.
        return read(repo);
    }

    /** Refuses a missing, wrong or superfluous key before anything is read or written. */
    void checkKey(RepositoryKey key, String where) {
        if (encrypted() && key == null) {
            throw SnapdockException.badInput("repository " + where + " is encrypted (key id " + keyId
                    + "): set snapdock.encryption.key-file to its key file; nothing was changed");
        }
        if (encrypted() && !key.id().equals(keyId)) {
            throw SnapdockException.badInput("the key in snapdock.encryption.key-file (key id " + key.id()
                    + ") is not the key of repository " + where + " (key id " + keyId + "); nothing was changed");
        }
        if (!encrypted() && key != null) {
            throw SnapdockException.badInput("repository " + where
                    + " is not encrypted, but snapdock.encryption.key-file"
                    + " is set: use a new repository for encrypted snapshots, or remove the setting; nothing was changed");
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
