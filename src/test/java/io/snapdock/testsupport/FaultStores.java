package io.snapdock.testsupport;

import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * One store of each type that runs here, labelled in one compose project, with what a fault test
 * needs of it: its whole content as comparable text, a change that makes the content differ from
 * any earlier state, whether it answers, and how to see that Snapdock is in the middle of its
 * backup or its restore (the store's tool in the container's process list, the container stopped
 * for a swap, or a line of Snapdock's log for a store reached over the network). Each holds
 * enough data that its backup and restore last long enough for a fault to land in the middle.
 */
public final class FaultStores {

    private FaultStores() {
    }

    /** A store of one type, started and seeded. */
    public abstract static class Fixture implements AutoCloseable {

        private final String name;
        private int changes;

        Fixture(String name) {
            this.name = name;
        }

        /** The store's name in Snapdock (its compose service). */
        public String name() {
            return name;
        }

        public abstract String containerId();

        /** Everything that must come back identical, as comparable text. */
        public abstract Object fingerprint() throws Exception;

        /** Writes that make the content differ from every state before (each call another change). */
        public final void change() throws Exception {
            change(++changes);
        }

        abstract void change(int n) throws Exception;

        /** The server answers (a query, a ping); false while it starts or when it is down. */
        public abstract boolean answers();

        /** Its backup stops the container (stop mode): a kill cannot land while it is copied. */
        public boolean backupStopsContainer() {
            return false;
        }

        /** Its restore stops the container and swaps its files (Redis, SQLite, a folder). */
        public boolean restoreStopsContainer() {
            return false;
        }

        /** Snapdock is copying the store now: {@code processes} in its container, {@code log} of Snapdock. */
        public abstract boolean backingUp(String processes, String log);

        /** Snapdock is putting the snapshot into the store now (its restore began: see the log). */
        public abstract boolean restoring(String processes, String log);

        /**
         * The fingerprint without what a restore interrupted at a known point leaves behind (see
         * docs/operations.md, "Faults"); nothing by default.
         */
        public Object withoutKnownLeftovers(Object fingerprint) {
            return fingerprint;
        }

        /** Stops and removes the container. */
        @Override
        public abstract void close();

        boolean running() {
            return Docker.running(containerId());
        }

        static boolean anyLine(String processes, String... all) {
            return processes.lines().anyMatch(l -> Arrays.stream(all).allMatch(l::contains));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** PostgreSQL: two small databases, roles and grants, and database big (200 000 rows, an index). */
    public static Fixture postgres(String project) throws Exception {
        PostgresStore pg = PostgresStore.startLabelled(project, "pg", Map.of());
        pg.seed();
        pg.exec("postgres", "CREATE DATABASE big");
        pg.exec("big", "CREATE TABLE t AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS payload"
                + " FROM generate_series(1, 200000) g", "CREATE INDEX t_payload ON t (payload)");
        return new Fixture("pg") {
            @Override
            public String containerId() {
                return pg.container().getContainerId();
            }

            @Override
            public Object fingerprint() throws Exception {
                return pg.fingerprint();
            }

            @Override
            void change(int n) throws Exception {
                pg.exec("shop", "INSERT INTO customers VALUES (" + (100000 + n) + ", 'written after the backup "
                        + n + "', 'late" + n + "@example.org')");
                pg.exec("big", "DELETE FROM t WHERE id % 50 = " + (n % 50));
            }

            @Override
            public boolean answers() {
                try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                    return s.execute("SELECT 1");
                } catch (Exception e) {
                    return false;
                }
            }

            @Override
            public boolean backingUp(String processes, String log) {
                return anyLine(processes, "pg_dump ", "big");
            }

            @Override
            public boolean restoring(String processes, String log) {
                return anyLine(processes, "pg_restore ");
            }

            @Override
            public void close() {
                pg.close();
            }
        };
    }

    /** MariaDB: the usual seed plus database big (100 000 rows). */
    public static Fixture mariadb(String project) throws Exception {
        MariadbStore db = MariadbStore.startLabelled(project, "maria", Map.of());
        db.seed();
        db.exec(null, "CREATE DATABASE big");
        db.exec("big", "SET SESSION max_recursive_iterations = 1000000",
                "CREATE TABLE t (id INT PRIMARY KEY, payload VARCHAR(80), KEY (payload))",
                "INSERT INTO t WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 100000)"
                        + " SELECT n, CONCAT(MD5(n), MD5(n * 7)) FROM g");
        return new Fixture("maria") {
            @Override
            public String containerId() {
                return db.container().getContainerId();
            }

            /**
             * The content, without the AUTO_INCREMENT counter in each table's DDL: InnoDB reserves
             * counter values in batches and recomputes the counter (highest id + 1) when the server
             * restarts, so a restart alone changes it; the rows do not change.
             */
            @Override
            public Object fingerprint() throws Exception {
                Map<String, String> fp = new java.util.TreeMap<>(db.fingerprint());
                fp.replaceAll((k, v) -> k.contains(".ddl.") ? v.replaceAll(" AUTO_INCREMENT=\\d+", "") : v);
                return fp;
            }

            @Override
            public Object withoutKnownLeftovers(Object fingerprint) {
                @SuppressWarnings("unchecked")
                Map<String, String> fp = new java.util.TreeMap<>((Map<String, String>) fingerprint);
                fp.replaceAll((k, v) -> v.replace("\nGRANT `analyst` TO `root`@`localhost` WITH ADMIN OPTION", ""));
                return fp;
            }

            @Override
            void change(int n) throws Exception {
                db.exec("shop", "INSERT INTO customers (id, name, email) VALUES (" + (100000 + n)
                        + ", 'written after the backup " + n + "', 'late" + n + "@example.org')");
                db.exec("big", "DELETE FROM t WHERE id % 50 = " + (n % 50));
            }

            @Override
            public boolean answers() {
                try (Connection c = db.connect(null); Statement s = c.createStatement()) {
                    return s.execute("SELECT 1");
                } catch (Exception e) {
                    return false;
                }
            }

            @Override
            public boolean backingUp(String processes, String log) {
                return anyLine(processes, "--single-transaction");
            }

            @Override
            public boolean restoring(String processes, String log) {
                return anyLine(processes, "--binary-mode");
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }

    /** Redis (AOF on): every value type, plus sixteen 1 MiB random strings (an RDB of about 17 MB). */
    public static Fixture redis(String project) {
        RedisStore redis = RedisStore.startLabelled(project, "cache", Map.of());
        redis.seed(500);
        try (Jedis j = redis.connect()) {
            Random random = new Random(7);
            for (int i = 0; i < 16; i++) {
                byte[] blob = new byte[1 << 20];
                random.nextBytes(blob);
                j.set(("blob:" + i).getBytes(StandardCharsets.UTF_8), blob);
            }
        }
        return new Fixture("cache") {
            @Override
            public String containerId() {
                return redis.containerId();
            }

            @Override
            public Object fingerprint() {
                return redis.fingerprint();
            }

            @Override
            void change(int n) {
                try (Jedis j = redis.connect()) {
                    j.set("written-after-the-backup:" + n, "v" + n);
                    j.del("user:" + n);
                }
            }

            @Override
            public boolean answers() {
                return redis.answers();
            }

            @Override
            public boolean restoreStopsContainer() {
                return true;
            }

            @Override
            public boolean backingUp(String processes, String log) {
                return anyLine(processes, "redis-rdb-bgsave") || anyLine(processes, "cat -- ");
            }

            @Override
            public boolean restoring(String processes, String log) {
                return !running();
            }

            @Override
            public void close() {
                redis.close();
            }
        };
    }

    /** NATS JetStream: ORDERS, EVENTS (about 1.4 MB) and a memory stream. Reached over the network. */
    public static Fixture nats(String project) throws Exception {
        NatsStore nats = NatsStore.startLabelled(project, "bus", Map.of());
        nats.seed();
        return new Fixture("bus") {
            @Override
            public String containerId() {
                return nats.container().getContainerId();
            }

            /**
             * Every file stream; not CACHE: a memory stream loses its messages whenever the server
             * restarts, and Snapdock keeps only its configuration (the server cannot snapshot it).
             */
            @Override
            public Object fingerprint() throws Exception {
                Map<String, String> fp = new java.util.TreeMap<>(nats.fingerprint());
                fp.keySet().removeIf(k -> k.startsWith("CACHE."));
                return fp;
            }

            @Override
            void change(int n) throws Exception {
                nats.publish("orders.eu.created", "{\"late\": " + n + "}");
            }

            @Override
            public boolean answers() {
                try (io.nats.client.Connection c = nats.connect()) {
                    c.jetStreamManagement().getAccountStatistics();
                    return true;
                } catch (Exception e) {
                    return false;
                }
            }

            /**
             * Reached over the network, its backup has no process to see: under way from Snapdock's
             * "Backing up bus" line (after the first stream's line the rest took a few milliseconds,
             * and on a busy machine the backup could end before the fault landed).
             */
            @Override
            public boolean backingUp(String processes, String log) {
                return log.contains("Backing up bus (");
            }

            /** Its restore takes a fraction of a second: under way from its first log line on. */
            @Override
            public boolean restoring(String processes, String log) {
                return true;
            }

            @Override
            public void close() {
                nats.close();
            }
        };
    }

    /** SQLite in WAL mode, written by the app user: 20 000 rows of 1 KB (about 21 MB). */
    public static Fixture sqlite(String project) throws Exception {
        String db = "/data/app.db";
        GenericContainer<?> app = AppContainer.create(Map.of("snapdock.type", "sqlite", "snapdock.path", db,
                "com.docker.compose.project", project, "com.docker.compose.service", "appdb"));
        app.start();
        AppContainer.sh(app, "sqlite3 " + db + " \"PRAGMA journal_mode=WAL;\""
                + " \"CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, payload BLOB);\""
                + " \"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000)"
                + " INSERT INTO items(name, payload) SELECT 'seed-' || x, randomblob(1000) FROM c;\"");
        return new Fixture("appdb") {
            @Override
            public String containerId() {
                return app.getContainerId();
            }

            @Override
            public Object fingerprint() throws Exception {
                return AppContainer.sh(app, "sqlite3 " + db + " '.timeout 10000' 'PRAGMA integrity_check'"
                        + " && sqlite3 " + db + " .dump | sha256sum").strip();
            }

            @Override
            void change(int n) throws Exception {
                AppContainer.sh(app, "sqlite3 " + db + " '.timeout 10000' \"INSERT INTO items(name) VALUES"
                        + " ('written after the backup " + n + "')\" 'DELETE FROM items WHERE id = " + n + "'");
            }

            @Override
            public boolean answers() {
                try {
                    return running() && AppContainer.sh(app, "sqlite3 " + db + " '.timeout 10000' 'SELECT 1'")
                            .strip().equals("1");
                } catch (Exception | AssertionError e) {
                    return false;
                }
            }

            @Override
            public boolean restoreStopsContainer() {
                return true;
            }

            @Override
            public boolean backingUp(String processes, String log) {
                return anyLine(processes, "sqlite3", ".backup") || anyLine(processes, "sqlite3", "integrity_check")
                        || anyLine(processes, "cat /tmp/");
            }

            @Override
            public boolean restoring(String processes, String log) {
                return !running();
            }

            @Override
            public void close() {
                app.stop();
            }
        };
    }

    /** A folder (a vector store's files): 8 MB of random segments, a small file, a link. Stop mode. */
    public static Fixture volume(String project) throws Exception {
        GenericContainer<?> app = AppContainer.create(Map.of("snapdock.type", "volume", "snapdock.path", "/data",
                "com.docker.compose.project", project, "com.docker.compose.service", "vectors"));
        app.start();
        AppContainer.sh(app, "mkdir -p /data/index/seg && head -c 4000000 /dev/urandom > /data/index/seg/0001.bin"
                + " && head -c 4000000 /dev/urandom > /data/index/seg/0002.bin"
                + " && echo '{\"dim\": 384}' > /data/index/meta.json && ln -s index/meta.json /data/current");
        return new Fixture("vectors") {
            @Override
            public String containerId() {
                return app.getContainerId();
            }

            @Override
            public Object fingerprint() throws Exception {
                return AppContainer.tree(app);
            }

            @Override
            void change(int n) throws Exception {
                AppContainer.sh(app, "echo " + n + " > /data/written-after-the-backup-" + n
                        + " && echo '{\"dim\": " + n + "}' > /data/index/meta.json");
            }

            @Override
            public boolean answers() {
                return running();
            }

            @Override
            public boolean backupStopsContainer() {
                return true;
            }

            @Override
            public boolean restoreStopsContainer() {
                return true;
            }

            @Override
            public boolean backingUp(String processes, String log) {
                return !running();
            }

            @Override
            public boolean restoring(String processes, String log) {
                return !running();
            }

            @Override
            public void close() {
                app.stop();
            }
        };
    }
}
