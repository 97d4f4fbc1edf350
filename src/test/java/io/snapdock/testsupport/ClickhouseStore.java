package io.snapdock.testsupport;

import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ClickHouse container from the project's test image (docker/test-images/clickhouse: Debian's
 * ClickHouse 18.16), labelled the way an operator would label it, where every user needs a
 * password: the {@code default} user gets one nobody is told, and user {@code user} the given
 * one, so a client that does not pass its credentials fails. Queries go through clickhouse-client
 * inside the container; a fingerprint is every table's statement and its rows sorted by every column.
 */
public final class ClickhouseStore implements AutoCloseable {

    public static final String IMAGE = "snapdock-test/clickhouse:latest";

    private final GenericContainer<?> container;
    private final String user;
    private final String password;

    private ClickhouseStore(GenericContainer<?> container, String user, String password) {
        this.container = container;
        this.user = user;
        this.password = password;
    }

    /** Starts a container labelled snapdock.type=clickhouse in compose project {@code project} as {@code service}. */
    public static ClickhouseStore start(String project, String service, String user, String password) {
        String users = "<?xml version=\"1.0\"?>\n<yandex><users>"
                + "<default><password>" + xml("unknown-" + System.nanoTime()) + "</password></default>"
                + "<" + user + "><password>" + xml(password) + "</password><networks><ip>::/0</ip></networks>"
                + "<profile>default</profile><quota>default</quota></" + user + ">"
                + "</users></yandex>\n";
        GenericContainer<?> c = LocalImage.store(IMAGE, "clickhouse", project, service, Map.of(), 9000,
                ".*Ready for connections.*", Duration.ofSeconds(60))
                .withCopyToContainer(Transferable.of(users.getBytes(StandardCharsets.UTF_8), 0644),
                        "/etc/clickhouse-server/users.d/it-users.xml");
        c.start();
        return new ClickhouseStore(c, user, password);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    public GenericContainer<?> container() {
        return container;
    }

    public String containerId() {
        return container.getContainerId();
    }

    /** Runs {@code sql} (several statements separated by ';' allowed) and returns what it printed; fails on an error. */
    public String sql(String sql) {
        try {
            Container.ExecResult r = container.execInContainer("clickhouse-client", "--user", user, "--password",
                    password, "--multiquery", "--query", sql);
            if (r.getExitCode() != 0) {
                throw new AssertionError("clickhouse-client failed (" + r.getExitCode() + "): " + r.getStderr()
                        + "\n" + sql);
            }
            return r.getStdout();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public long count(String table) {
        return Long.parseLong(sql("SELECT count() FROM " + table).strip());
    }

    /** The databases other than system, sorted. */
    public List<String> databases() {
        return sql("SELECT name FROM system.databases WHERE name != 'system' ORDER BY name").lines().toList();
    }

    /**
     * Every table of {@code databases}: its CREATE statement, and for those holding rows their
     * count and the SHA-256 of all of them sorted by every column. Two client runs: the listing,
     * then one run printing each table's statement and rows after a marker line.
     */
    public Map<String, String> fingerprint(String... databases) {
        StringBuilder in = new StringBuilder();
        for (String db : databases) {
            in.append(in.length() > 0 ? ", " : "").append('\'').append(db).append('\'');
        }
        List<String> tables = sql("SELECT database, name, engine FROM system.tables WHERE database IN (" + in
                + ") ORDER BY database, name FORMAT TSV").lines().toList();
        Map<String, String> out = new TreeMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        StringBuilder q = new StringBuilder();
        for (String line : tables) {
            String[] f = line.split("\t");
            String table = f[0] + ".`" + f[1] + "`";
            q.append("SELECT '@@ ").append(table).append(" create';\n");
            q.append("SHOW CREATE TABLE ").append(table).append(";\n");
            if (!f[2].equals("View") && !f[2].equals("MaterializedView")) {
                // A summing (replacing …) table may merge its parts at any time: compare what FINAL reads.
                String fin = f[2].endsWith("MergeTree") && !f[2].equals("MergeTree") ? " FINAL" : "";
                q.append("SELECT '@@ ").append(table).append(" rows';\n");
                q.append("SELECT * FROM ").append(table).append(fin).append(" ORDER BY tuple(*) FORMAT TSV;\n");
            }
        }
        String key = null;
        List<String> lines = new java.util.ArrayList<>();
        for (String line : (sql(q.toString()) + "@@ end\n").lines().toList()) {
            if (line.startsWith("@@ ")) {
                if (key != null) {
                    String body = String.join("\n", lines);
                    out.put(key, key.endsWith(" rows") ? lines.size() + " " + sha256(body) : body.strip());
                }
                key = line.substring(3);
                lines.clear();
            } else {
                lines.add(line);
            }
        }
        return out;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        container.stop();
    }
}
