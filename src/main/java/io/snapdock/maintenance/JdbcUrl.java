package io.snapdock.maintenance;

import io.snapdock.SnapdockException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a PostgreSQL JDBC URL that a local pg_repack needs (-h, -p, -d). */
public record JdbcUrl(String host, int port, String database) {

    private static final Pattern URL = Pattern
            .compile("jdbc:postgresql://([^/:?]+|\\[[^]]+])(?::(\\d+))?/([^?]+)(\\?.*)?");

    public static JdbcUrl parse(String url) {
        Matcher m = URL.matcher(url == null ? "" : url);
        if (!m.matches()) {
            throw SnapdockException.badInput("not a PostgreSQL JDBC URL: '" + url
                    + "' (expected jdbc:postgresql://HOST[:PORT]/DATABASE)");
        }
        return new JdbcUrl(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)), m.group(3));
    }
}
