package io.snapdock.maintenance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An index on one column, optionally partial. Its name is derived from what it covers, so two
 * rules needing the same index share it and a changed predicate gets a new index.
 */
public record IndexSpec(String name, String table, String column, String where) {

    public static IndexSpec of(String table, String column, String where) {
        String base = "snapdock_" + Sql.bareName(table) + "_" + column;
        String name = where == null ? base : base + "_" + shortHash(where);
        // PostgreSQL truncates identifiers at 63 bytes: keep the hash, cut the readable part.
        if (name.length() > 63) {
            name = name.substring(0, 54) + "_" + shortHash(name);
        }
        return new IndexSpec(name.toLowerCase(java.util.Locale.ROOT), table, column, where);
    }

    public String createSql() {
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + Sql.ident(name) + " ON " + Sql.qualified(table)
                + " (" + Sql.ident(column) + ")" + (where == null ? "" : " WHERE " + where);
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
