package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.Commands;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.model.Manifest;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.clickhouse.ClickhouseBackupArchive.topFolder;
import static io.snapdock.handlers.clickhouse.ClickhouseCommands.*;
import static io.snapdock.handlers.clickhouse.NativeExport.SCHEMA;
import static io.snapdock.handlers.clickhouse.NativeExport.TABLE;

/**
 * ClickHouse, online, by one of two methods chosen from the server's {@code SELECT version()}
 * (recorded in the manifest as the store's server version, the method in its tool):
 *
 * <p><b>BACKUP (ClickHouse 22.8 and later).</b> For each database (option {@code databases},
 * default every database but {@code system}, {@code INFORMATION_SCHEMA} and
 * {@code information_schema}), {@code BACKUP DATABASE `db` TO File('<backup-dir>/snapdock-<random>')}
 * through {@code clickhouse-client} inside the container, then that backup folder is streamed out
 * as a tar through the Docker archive API into {@code db-<name>.tar} and removed from the
 * container. The server must allow the folder: a file such as
 * {@code /etc/clickhouse-server/config.d/snapdock-backups.xml} holding
 * {@code <clickhouse><backups><allowed_path>/var/lib/clickhouse/snapdock-backups/</allowed_path></backups></clickhouse>}
 * (the default {@code backup-dir}; another folder with option {@code backup-dir}). Restore, per
 * database: the artifact is fetched to a local file (size and SHA-256 checked), copied into the
 * backup folder, the current database renamed aside ({@code RENAME DATABASE}, Atomic engine),
 * {@code RESTORE DATABASE `db` FROM File(...)} run, and the aside copy dropped once it succeeded;
 * on failure the half-restored database is dropped and the aside one renamed back. Check: the tar
 * reads to its end and holds the backup's {@code .backup} metadata file.
 *
 * <p><b>Per table (older servers).</b> For each database of the Ordinary, Atomic or Lazy engine:
 * {@code SHOW CREATE TABLE} of every table into {@code db-<name>.schema.json}, and the rows of every
 * table that holds its own (MergeTree family, Log family, Memory) streamed out with
 * {@code SELECT * FROM t FORMAT Native} into {@code db-<name>.<table>.native}, the Native blocks
 * walked on the way to record the row count in the manifest ({@link NativeExport}). Restore
 * ({@link NativeRestore}): the current tables are moved aside, the snapshot's are created and
 * loaded ({@code INSERT … FORMAT Native}), counts compared, and the aside ones dropped, or put back
 * on failure. Check: the schema parses; every Native artifact is whole and holds the rows the
 * manifest records ({@link NativeFormat}).
 *
 * <p>Credentials go to clickhouse-client in a private configuration file written from the
 * environment (never on its command line, see {@link ClickhouseCommands#client}). The tools run as
 * the {@code clickhouse} OS user (or {@code exec-user}), so the folders they create belong to the
 * server.
 *
 * <p>Exercised against a real server: the per-table method on ClickHouse 18.16
 * ({@code ClickhouseBackupRestoreIT}). The BACKUP method's SQL and command lines are unit-tested
 * only ({@code ClickhouseHandlerTest}); no ClickHouse 22.8+ can be installed here.
 */
public final class ClickhouseHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClickhouseHandler.class);
    /** A database's BACKUP tar. */
    static final String KIND = "database";
    private static final Duration QUERY_TIMEOUT = ClickhouseClient.QUERY_TIMEOUT;

    @Override
    public String type() {
        return "clickhouse";
    }

    @Override
    public String execUser() {
        return "clickhouse";
    }

    @Override
    public String dataPath() {
        return "/var/lib/clickhouse";
    }

    // ---- helpers ----------------------------------------------------------------------

    private static DockerGateway docker(StoreContext ctx) {
        return ctx.requireDocker("must run in a container for ClickHouse's BACKUP method: its backup folder"
                + " is copied out of the container");
    }

    private static String sql(StoreContext ctx, String query) throws IOException {
        return ClickhouseClient.longQuery(ctx, query);
    }

    private static String shortSql(StoreContext ctx, String query) throws IOException {
        return ClickhouseClient.query(ctx, query);
    }

    ClickhouseVersion version(StoreContext ctx) throws IOException {
        return ClickhouseVersion.parse(shortSql(ctx, "SELECT version()"));
    }

    /** The configured databases, else every database {@code BACKUP} (or, without it, the per-table method) can copy. */
    List<String> databases(StoreContext ctx, boolean backupStatement) throws IOException {
        String configured = ctx.spec().option("databases", null);
        if (configured != null) {
            return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        String listing = backupStatement ? listDatabasesSql() : listLocalDatabasesSql();
        return tsv(shortSql(ctx, listing)).stream().map(row -> row.get(0)).filter(s -> !s.isEmpty()).toList();
    }

    private static void removeFolder(StoreContext ctx, String folder) {
        try {
            Commands.capture(ctx.runner(), "removing " + folder, List.of("rm", "-rf", folder), Map.of(), QUERY_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the backup folder {} of {}: {}", folder, ctx.spec().name(), e.getMessage());
        }
    }

    // ---- probe / describe / post-check --------------------------------------------------

    @Override
    public void probe(StoreContext ctx) throws IOException {
        shortSql(ctx, "SELECT 1");
    }

    @Override
    public Map<String, Object> describe(StoreContext ctx) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("databases", databases(ctx, version(ctx).hasBackupStatement()));
        return out;
    }

    @Override
    public Map<String, Object> contents(Manifest.StoreEntry entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("databases", entry.artifacts.stream().filter(a -> KIND.equals(a.kind) || SCHEMA.equals(a.kind))
                .map(a -> a.database).toList());
        List<Manifest.Artifact> tables = entry.artifacts.stream().filter(a -> TABLE.equals(a.kind)).toList();
        if (!tables.isEmpty()) {
            out.put("tables", tables.size());
            out.put("rows", tables.stream().mapToLong(a -> a.rows == null ? 0 : a.rows).sum());
        }
        out.put("bytes", entry.artifacts.stream().mapToLong(a -> a.size).sum());
        return out;
    }

    /** After a restore: every database the snapshot held is there. */
    @Override
    public void postCheck(StoreContext ctx, Manifest.StoreEntry entry) throws IOException {
        String[] expected = entry.artifacts.stream().filter(a -> KIND.equals(a.kind) || SCHEMA.equals(a.kind))
                .map(a -> a.database).distinct().toArray(String[]::new);
        if (expected.length == 0) {
            return;
        }
        List<String> there = tsv(shortSql(ctx, databasesAmongSql(expected))).stream().map(r -> r.get(0)).toList();
        for (String db : expected) {
            if (!there.contains(db)) {
                throw SnapdockException.failed("database " + db + " of " + ctx.spec().name()
                        + " is missing after the restore");
            }
        }
    }

    // ---- backup -----------------------------------------------------------------------

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        ClickhouseVersion version = version(ctx);
        ctx.entry().serverVersion = version.text();
        if (!version.hasBackupStatement()) {
            ctx.entry().tool = "clickhouse-client " + version.text()
                    + ": per table, SHOW CREATE TABLE + SELECT … FORMAT Native";
            for (String db : databases(ctx, false)) {
                NativeExport.database(ctx, sink, db, version.text());
            }
            return;
        }
        DockerGateway docker = docker(ctx);
        String dir = backupDir(ctx.spec());
        ctx.entry().tool = "clickhouse BACKUP DATABASE TO File() " + version.text();
        for (String db : databases(ctx, true)) {
            String folder = dir + "/" + newFolderName();
            try {
                sql(ctx, backupSql(db, folder));
                Manifest.Artifact a = new Manifest.Artifact();
                a.name = artifactName(db);
                a.kind = KIND;
                a.database = db;
                a.format = "clickhouse-backup-tar";
                try (InputStream tar = docker.copyOut(ctx.spec().container(), folder);
                     ArtifactOutput out = sink.open(a)) {
                    tar.transferTo(out);
                    ctx.entry().artifacts.add(out.commit());
                }
            } finally {
                removeFolder(ctx, folder);
            }
        }
    }

    // ---- check ------------------------------------------------------------------------

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        if (SCHEMA.equals(artifact.kind)) {
            try {
                DatabaseSchema.read(data);
            } catch (SnapdockException e) {
                report.add("dump_unreadable", store, artifact.name, e.getMessage());
            }
            data.transferTo(OutputStream.nullOutputStream());
        } else if (TABLE.equals(artifact.kind)) {
            NativeFormat.Result r = NativeFormat.copy(data, OutputStream.nullOutputStream());
            if (!r.whole()) {
                report.add(r.problem().startsWith("truncated") ? "dump_truncated" : "dump_unreadable", store,
                        artifact.name, "not a whole Native stream: " + r.problem());
            } else if (r.rows() != null && artifact.rows != null && !r.rows().equals(artifact.rows)) {
                report.add("row_count_mismatch", store, artifact.name,
                        r.rows() + " rows, the manifest records " + artifact.rows);
            }
        } else {
            ClickhouseBackupArchive.check(store, artifact, data, report);
        }
    }

    // ---- restore ----------------------------------------------------------------------

    /** Each database by the method it was taken with: its BACKUP tar, or its schema and tables. */
    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        for (Manifest.Artifact a : entry.artifacts) {
            if (SCHEMA.equals(a.kind)) {
                List<Manifest.Artifact> tables = entry.artifacts.stream()
                        .filter(t -> TABLE.equals(t.kind) && a.database.equals(t.database)).toList();
                NativeRestore.database(ctx, a, tables, source);
            }
        }
        if (entry.artifacts.stream().noneMatch(a -> KIND.equals(a.kind))) {
            return;
        }
        DockerGateway docker = docker(ctx);
        String dir = backupDir(ctx.spec());
        Commands.capture(ctx.runner(), "mkdir " + dir, List.of("mkdir", "-p", dir), Map.of(), QUERY_TIMEOUT);
        for (Manifest.Artifact a : entry.artifacts) {
            if (KIND.equals(a.kind)) {
                restoreDatabase(ctx, docker, dir, a, source);
            }
        }
    }

    private void restoreDatabase(StoreContext ctx, DockerGateway docker, String dir, Manifest.Artifact a,
                                 ArtifactSource source) throws IOException {
        String db = a.database;
        Path local = Files.createTempFile("snapdock-clickhouse-", ".tar");
        String folder = null;
        try {
            var sha = ArtifactOutput.newSha256();
            try (InputStream in = new java.security.DigestInputStream(source.open(a), sha)) {
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            String sum = HexFormat.of().formatHex(sha.digest());
            if (Files.size(local) != a.size || (a.sha256 != null && !a.sha256.equals(sum))) {
                throw SnapdockException.failed("artifact " + a.name + " changed since its backup; nothing was changed");
            }
            try (InputStream in = Files.newInputStream(local)) {
                folder = dir + "/" + topFolder(in);
            }
            try (InputStream in = Files.newInputStream(local)) {
                docker.copyIn(ctx.spec().container(), dir, in);
            }
            String aside = asideName(db);
            if (!"0".equals(shortSql(ctx, existsSql(aside)).strip())) {
                throw SnapdockException.failed("database " + aside + " (the previous content of " + db
                        + " kept by an earlier restore that could not be rolled back) still exists on "
                        + ctx.spec().name() + "; look at it and drop it first. Nothing was changed");
            }
            boolean exists = !"0".equals(shortSql(ctx, existsSql(db)).strip());
            if (exists) {
                shortSql(ctx, renameSql(db, aside));
            }
            try {
                sql(ctx, restoreSql(db, folder));
            } catch (IOException | RuntimeException e) {
                if (exists) {
                    try {
                        shortSql(ctx, dropSql(db));
                        shortSql(ctx, renameSql(aside, db));
                    } catch (IOException | RuntimeException e2) {
                        e.addSuppressed(SnapdockException.failed("rolling back database " + db + " failed too; its"
                                + " previous content is kept as database " + aside + ": " + e2.getMessage()));
                    }
                }
                throw e;
            }
            if (exists) {
                shortSql(ctx, dropSql(aside));
            }
        } finally {
            Files.deleteIfExists(local);
            if (folder != null) {
                removeFolder(ctx, folder);
            }
        }
    }
}
