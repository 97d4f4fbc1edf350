package io.snapdock.testsupport;

import org.testcontainers.containers.GenericContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PostgreSQL container from the project's test image (docker/test-images/postgres), labelled
 * the way an operator would label it, plus helpers to seed it and to fingerprint its whole
 * content (roles, databases, owners, grants, every table's rows).
 */
public final class PostgresStore implements AutoCloseable {

    public static final String IMAGE = "snapdock-test/postgres:latest";
    public static final String PASSWORD = "it-superuser-pw-7c1e";

    private final GenericContainer<?> container;

    private PostgresStore(GenericContainer<?> container) {
        this.container = container;
    }

    /** Starts a container labelled snapdock.type=postgres in compose project {@code project} as service {@code service}. */
    public static PostgresStore startLabelled(String project, String service, Map<String, String> extraLabels) {
        GenericContainer<?> c = LocalImage.store(IMAGE, "postgres", project, service, extraLabels, 5432,
                ".*database system is ready to accept connections.*", Duration.ofSeconds(90))
                .withEnv("POSTGRES_PASSWORD", PASSWORD);
        c.start();
        return new PostgresStore(c);
    }

    public GenericContainer<?> container() {
        return container;
    }

    public String containerName() {
        return container.getContainerName().replaceFirst("^/", "");
    }

    /** Looks the published port up each time: Docker may publish another one after a restart (stop mode). */
    public String jdbcUrl(String database) {
        var bindings = container.getCurrentContainerInfo().getNetworkSettings().getPorts().getBindings()
                .get(com.github.dockerjava.api.model.ExposedPort.tcp(5432));
        return "jdbc:postgresql://" + container.getHost() + ":" + bindings[0].getHostPortSpec() + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", PASSWORD);
    }

    public void exec(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Two databases, a non-default owner role, a read-only role with grants, a few thousand rows. */
    public void seed() throws SQLException {
        exec("postgres",
                "CREATE ROLE app_owner LOGIN PASSWORD 'app-owner-pw'",
                "CREATE ROLE report_reader NOLOGIN",
                "CREATE DATABASE shop OWNER app_owner",
                "CREATE DATABASE \"analytics-db\"");
        exec("shop",
                "SET ROLE app_owner",
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text UNIQUE)",
                "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int REFERENCES customers(id),"
                        + " total numeric(10,2), placed_at timestamptz)",
                "INSERT INTO customers SELECT g, 'customer ' || g, 'c' || g || '@example.org' FROM generate_series(1, 2000) g",
                "INSERT INTO orders (customer_id, total, placed_at) SELECT 1 + (g % 2000), (g % 997) / 3.0,"
                        + " timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, 5000) g",
                "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 300",
                "GRANT SELECT ON customers, big_orders TO report_reader",
                "RESET ROLE");
        exec("analytics-db",
                "CREATE SCHEMA metrics",
                "CREATE TABLE metrics.events (id int, kind text, payload jsonb)",
                "INSERT INTO metrics.events SELECT g, 'k' || (g % 7), jsonb_build_object('n', g) FROM generate_series(1, 3000) g",
                "GRANT USAGE ON SCHEMA metrics TO report_reader",
                "GRANT SELECT ON metrics.events TO report_reader");
    }

    /** Everything that must come back identical after a restore, as comparable text. */
    public Map<String, String> fingerprint() throws SQLException {
        Map<String, String> fp = new TreeMap<>();
        List<String> databases = new ArrayList<>();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            fp.put("roles", rows(s, "SELECT rolname, rolcanlogin, rolsuper, rolinherit FROM pg_roles"
                    + " WHERE rolname NOT LIKE 'pg\\_%' ORDER BY 1"));
            fp.put("databases", rows(s, "SELECT d.datname, r.rolname, d.datacl::text FROM pg_database d"
                    + " JOIN pg_roles r ON r.oid = d.datdba WHERE NOT datistemplate ORDER BY 1"));
            try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1")) {
                while (rs.next()) {
                    databases.add(rs.getString(1));
                }
            }
        }
        for (String db : databases) {
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                fp.put(db + ".tables", rows(s, "SELECT schemaname, tablename, tableowner FROM pg_tables"
                        + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"));
                fp.put(db + ".grants", rows(s, "SELECT grantee, table_schema, table_name, privilege_type"
                        + " FROM information_schema.role_table_grants WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                        + " ORDER BY 1, 2, 3, 4"));
                fp.put(db + ".views", rows(s, "SELECT schemaname, viewname, definition FROM pg_views"
                        + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2"));
                Map<String, String> tables = new LinkedHashMap<>();
                try (ResultSet rs = s.executeQuery("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename)"
                        + " FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
                    while (rs.next()) {
                        tables.put(rs.getString(1), null);
                    }
                }
                for (String t : tables.keySet()) {
                    fp.put(db + ".data." + t,
                            rows(s, "SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))"
                                    + " FROM " + t + " x"));
                }
            }
        }
        return fp;
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
