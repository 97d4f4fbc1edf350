package io.snapdock.auth;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The API's bearer tokens, from {@code snapdock.auth.tokens.NAME=ROLE:SHA256HEX}: only the SHA-256
 * of each token is configured, so neither the configuration nor a leaked properties file holds a
 * usable token. A presented token is hashed and compared with every configured hash in constant
 * time. Error messages name the property, never its value.
 */
public final class Tokens {

    public static final String PREFIX = "snapdock.auth.tokens.";

    /** A configured token: its name (for the log), its role, the SHA-256 of the token. */
    public record Entry(String name, Role role, byte[] sha256) {
    }

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The tokens configured in {@code config} (files and environment); refuses a malformed one by its property name. */
    public static Tokens from(SnapdockConfig config) {
        return parse(config.under(PREFIX));
    }

    /** {@code values}: token name → {@code ROLE:SHA256HEX}. */
    public static Tokens parse(Map<String, String> values) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String property = PREFIX + e.getKey();
            if (!e.getKey().matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                throw SnapdockException.badInput("invalid configuration " + property
                        + ": a token's name is letters, digits, '-' and '_'");
            }
            String v = e.getValue() == null ? "" : e.getValue().trim();
            int colon = v.indexOf(':');
            Role role = colon < 0 ? null : Role.parse(v.substring(0, colon).trim());
            if (role == null) {
                throw SnapdockException.badInput("invalid configuration " + property
                        + ": expected ROLE:SHA256 with ROLE viewer, operator or admin");
            }
            String hex = v.substring(colon + 1).trim();
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw SnapdockException.badInput("invalid configuration " + property
                        + ": expected ROLE:SHA256 with the token's SHA-256 as 64 hex digits (snapdock token prints one)");
            }
            byte[] hash = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
            for (Entry other : out) {
                if (MessageDigest.isEqual(other.sha256(), hash)) {
                    throw SnapdockException.badInput("invalid configuration " + property + ": the same token as "
                            + PREFIX + other.name() + " (give every client its own token)");
                }
            }
            out.add(new Entry(e.getKey(), role, hash));
        }
        return new Tokens(out);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /**
     * The entry whose hash is the presented token's, or null. Every configured hash is compared,
     * each in constant time, whichever matches: the time taken says nothing about the token.
     */
    public Entry match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return null;
        }
        byte[] hash = sha256(presented);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.sha256(), hash) && found == null) {
                found = e;
            }
        }
        return found;
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A new random token: 32 bytes from the system's strong source, as 64 hex digits. */
    public static String generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
