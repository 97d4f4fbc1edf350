package io.snapdock.testsupport;

import org.testcontainers.containers.GenericContainer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A MariaDB container from the project's test image (docker/test-images/mariadb), labelled the
 * way an operator would label it, plus helpers to seed it and to fingerprint its whole content
 * (accounts, roles and grants, databases with their character sets, tables, every row, views,
 * routines, triggers, events).
 */
public final class MariadbStore implements AutoCloseable {

    public static final String IMAGE = "snapdock-test/mariadb:latest";
    public static final String PASSWORD = "it-root-pw-4b9d";
    static final Set<String> SYSTEM_DATABASES = Set.of("information_schema", "performance_schema", "mysql", "sys");

    private final GenericContainer<?> container;

    private MariadbStore(GenericContainer<?> container) {
        this.container = container;
    }

    /** Starts a container labelled snapdock.type=mariadb in compose project {@code project} as service {@code service}. */
    public static MariadbStore startLabelled(String project, String service, Map<String, String> extraLabels) {
        GenericContainer<?> c = LocalImage.store(IMAGE, "mariadb", project, service, extraLabels, 3306,
                ".*ready for connections.*", Duration.ofSeconds(90))
                .withEnv("MARIADB_ROOT_PASSWORD", PASSWORD);
        c.start();
        return new MariadbStore(c);
    }

    public GenericContainer<?> container() {
        return container;
    }

    public String containerName() {
        return container.getContainerName().replaceFirst("^/", "");
    }

    /**
     * root@'%' over TCP; {@code database} may be null (no default database). The published port is
     * looked up each time: a restarted container may be published on another one.
     */
    public Connection connect(String database) throws SQLException {
        String url = "jdbc:mariadb://" + container.getHost() + ":" + Ports.published(container, 3306) + "/"
                + (database == null ? "" : database);
        return DriverManager.getConnection(url, "root", PASSWORD);
    }

    public void exec(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * Two databases with different character sets, an owner account that defines a view, a
     * reporting account with a role and database-, table- and routine-level grants, a view, a
     * stored procedure and functions (one created before its database's collation changed),
     * triggers, an event, a few thousand rows with 4-byte UTF-8 text.
     */
    public void seed() throws SQLException {
        exec(null,
                "CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE DATABASE `analytics-db` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
                "CREATE USER app_owner@'%' IDENTIFIED BY 'app-owner-pw'",
                "GRANT ALL PRIVILEGES ON shop.* TO app_owner@'%'",
                "CREATE USER report_reader@'%' IDENTIFIED BY 'report-reader-pw'",
                "CREATE ROLE analyst",
                "GRANT SELECT ON `analytics-db`.* TO analyst",
                "GRANT analyst TO report_reader@'%'");
        exec("shop",
                "SET SESSION max_recursive_iterations = 100000",
                "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, email VARCHAR(120) UNIQUE,"
                        + " note TEXT) ENGINE=InnoDB",
                "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,"
                        + " total DECIMAL(10,2), placed_at DATETIME(6),"
                        + " FOREIGN KEY (customer_id) REFERENCES customers(id)) ENGINE=InnoDB",
                "CREATE TABLE customer_audit (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT, old_name VARCHAR(100),"
                        + " new_name VARCHAR(100))",
                "INSERT INTO customers WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000)"
                        + " SELECT n, CONCAT('Zoë 客户 ', n), CONCAT('c', n, '@example.org'),"
                        + " IF(n % 5 = 0, CONCAT('likes 🍕 and 🚀 #', n), NULL) FROM g",
                "INSERT INTO orders (customer_id, total, placed_at) WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL"
                        + " SELECT n + 1 FROM g WHERE n < 5000) SELECT 1 + (n % 2000), (n % 997) / 3,"
                        + " TIMESTAMP('2026-01-01 00:00:00') + INTERVAL n MINUTE FROM g",
                "CREATE DEFINER = app_owner@'%' SQL SECURITY DEFINER VIEW big_orders AS"
                        + " SELECT o.id, o.customer_id, o.total FROM orders o WHERE o.total > 300",
                "CREATE DEFINER = app_owner@'%' PROCEDURE order_count(IN cid INT, OUT n INT)"
                        + " BEGIN SELECT COUNT(*) INTO n FROM orders WHERE customer_id = cid; END",
                "CREATE FUNCTION shout(s VARCHAR(100)) RETURNS VARCHAR(100) CHARSET utf8mb4 DETERMINISTIC"
                        + " RETURN CONCAT(UPPER(s), '!')",
                "CREATE TRIGGER customers_audit AFTER UPDATE ON customers FOR EACH ROW"
                        + " INSERT INTO customer_audit (customer_id, old_name, new_name) VALUES (OLD.id, OLD.name, NEW.name)",
                "CREATE TRIGGER orders_round BEFORE INSERT ON orders FOR EACH ROW SET NEW.total = ROUND(NEW.total, 1)",
                "GRANT SELECT ON shop.customers TO report_reader@'%'",
                "GRANT SELECT ON shop.big_orders TO report_reader@'%'",
                "GRANT EXECUTE ON PROCEDURE shop.order_count TO report_reader@'%'");
        exec("analytics-db",
                "SET SESSION max_recursive_iterations = 100000",
                // created under another database collation than the final one: mariadb-dump then
                // wraps it in ALTER DATABASE `analytics-db` statements
                "CREATE FUNCTION kind_label(k VARCHAR(20)) RETURNS VARCHAR(40) DETERMINISTIC RETURN CONCAT('kind ', k)",
                "ALTER DATABASE `analytics-db` CHARACTER SET latin1 COLLATE latin1_swedish_ci",
                "CREATE TABLE events (id INT PRIMARY KEY, kind VARCHAR(20), payload TEXT, raw VARBINARY(16))",
                "INSERT INTO events WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)"
                        + " SELECT n, CONCAT('k', n % 7), CONCAT('{\"n\": ', n, ', \"café\": true}'),"
                        + " UNHEX(MD5(n)) FROM g",
                "CREATE EVENT purge_events ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00'"
                        + " DO DELETE FROM events WHERE id < 0",
                "GRANT SELECT ON `analytics-db`.events TO report_reader@'%'");
    }

    /** Everything that must come back identical after a restore, as comparable text. */
    public Map<String, String> fingerprint() throws SQLException {
        Map<String, String> fp = new TreeMap<>();
        List<String> databases = new ArrayList<>();
        try (Connection c = connect(null); Statement s = c.createStatement()) {
            fp.put("accounts", rows(s, "SELECT user, host, plugin, authentication_string, is_role FROM mysql.user"
                    + " ORDER BY user, host"));
            List<String[]> accounts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT user, host, is_role FROM mysql.user ORDER BY user, host")) {
                while (rs.next()) {
                    accounts.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            for (String[] a : accounts) {
                String who = "Y".equals(a[2]) ? "`" + a[0] + "`" : "`" + a[0] + "`@`" + a[1] + "`";
                List<String> grants = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SHOW GRANTS FOR " + who)) {
                    while (rs.next()) {
                        grants.add(rs.getString(1));
                    }
                }
                // As a set: a restore may add a PROXY grant that SHOW GRANTS prints exactly like one
                // mariadb-install-db made (proxied host '' versus '%'), a duplicate line that grants nothing new.
                fp.put("grants " + who, String.join("\n", new java.util.TreeSet<>(grants)));
            }
            fp.put("databases", rows(s, "SELECT schema_name, default_character_set_name, default_collation_name"
                    + " FROM information_schema.SCHEMATA ORDER BY 1"));
            try (ResultSet rs = s.executeQuery("SELECT schema_name FROM information_schema.SCHEMATA ORDER BY 1")) {
                while (rs.next()) {
                    if (!SYSTEM_DATABASES.contains(rs.getString(1))) {
                        databases.add(rs.getString(1));
                    }
                }
            }
            for (String db : databases) {
                String in = " WHERE %s = '" + db.replace("'", "''").replace("%", "%%") + "'";
                fp.put(db + ".tables", rows(s, "SELECT table_name, table_type, engine, table_collation"
                        + " FROM information_schema.TABLES" + in.formatted("table_schema") + " ORDER BY 1"));
                fp.put(db + ".views", rows(s, "SELECT table_name, view_definition, definer, security_type, check_option"
                        + " FROM information_schema.VIEWS" + in.formatted("table_schema") + " ORDER BY 1"));
                fp.put(db + ".routines", rows(s, "SELECT routine_name, routine_type, definer, security_type,"
                        + " dtd_identifier, routine_definition, sql_mode FROM information_schema.ROUTINES"
                        + in.formatted("routine_schema") + " ORDER BY 1, 2"));
                fp.put(db + ".parameters", rows(s, "SELECT specific_name, ordinal_position, parameter_mode,"
                        + " parameter_name, dtd_identifier FROM information_schema.PARAMETERS"
                        + in.formatted("specific_schema") + " ORDER BY 1, 2"));
                fp.put(db + ".triggers", rows(s, "SELECT trigger_name, event_manipulation, event_object_table,"
                        + " action_timing, action_statement, definer FROM information_schema.TRIGGERS"
                        + in.formatted("trigger_schema") + " ORDER BY 1"));
                fp.put(db + ".events", rows(s, "SELECT event_name, definer, event_definition, interval_value,"
                        + " interval_field, starts, status FROM information_schema.EVENTS"
                        + in.formatted("event_schema") + " ORDER BY 1"));
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.TABLES"
                        + in.formatted("table_schema") + " AND table_type = 'BASE TABLE' ORDER BY 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String t : tables) {
                    String q = "`" + db.replace("`", "``") + "`.`" + t.replace("`", "``") + "`";
                    try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + q)) {
                        rs.next();
                        fp.put(db + ".ddl." + t, rs.getString(2));
                    }
                    fp.put(db + ".data." + t, dataDigest(s, q));
                }
            }
        }
        return fp;
    }

    /** Row count and an MD5 over every row in a stable order (the raw bytes of every value). */
    private static String dataDigest(Statement s, String table) throws SQLException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long count = 0;
        // Every value as HEX() of its bytes (or its number), so nothing depends on driver decoding.
        StringBuilder cols = new StringBuilder();
        int n;
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
            n = rs.getMetaData().getColumnCount();
            for (int i = 1; i <= n; i++) {
                cols.append(i > 1 ? ", " : "").append("HEX(`")
                        .append(rs.getMetaData().getColumnName(i).replace("`", "``")).append("`)");
            }
        }
        StringBuilder order = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            order.append(i > 1 ? "," : "").append(i);
        }
        try (ResultSet sorted = s.executeQuery("SELECT " + cols + " FROM " + table + " ORDER BY " + order)) {
            while (sorted.next()) {
                count++;
                for (int i = 1; i <= n; i++) {
                    String v = sorted.getString(i);
                    md5.update((v == null ? "\u0000NULL" : v).getBytes(StandardCharsets.UTF_8));
                    md5.update((byte) (i < n ? 0x1f : 0x1e));
                }
            }
        }
        return count + " rows, md5 " + HexFormat.of().formatHex(md5.digest());
    }

    private static String rows(Statement s, String sql) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    sb.append(rs.getString(i)).append(i < n ? "\t" : "\n");
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        container.stop();
    }
}
