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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.clickhouse.ClickhouseBackupArchive.topFolder;
import static io.snapdock.handlers.clickhouse.ClickhouseCommands.*;

/**
 * ClickHouse, online: for each database (option {@code databases}, default every database but
 * {@code system}, {@code INFORMATION_SCHEMA} and {@code information_schema}),
 * {@code BACKUP DATABASE `db` TO File('<backup-dir>/snapdock-<random>')} through
 * {@code clickhouse-client} inside the container, then that backup folder is streamed out as a
 * tar through the Docker archive API into {@code db-<name>.tar} and removed from the container.
 *
 * <p>The server must allow the folder: a file such as
 * {@code /etc/clickhouse-server/config.d/snapdock-backups.xml} holding
 * {@code <clickhouse><backups><allowed_path>/var/lib/clickhouse/snapdock-backups/</allowed_path></backups></clickhouse>}
 * (the default {@code backup-dir}; another folder with option {@code backup-dir}). Credentials
 * go to clickhouse-client in {@code CLICKHOUSE_USER} / {@code CLICKHOUSE_PASSWORD}, never on
 * its command line. The tools run as the {@code clickhouse} OS user (or {@code exec-user}), so
 * the folders they create belong to the server.
 *
 * <p>Restore, per database: the artifact is fetched to a local file (size and SHA-256 checked),
 * copied into the backup folder, the current database renamed aside
 * ({@code RENAME DATABASE}, Atomic engine), {@code RESTORE DATABASE `db` FROM File(...)} run, and
 * the aside copy dropped once it succeeded; on failure the half-restored database is dropped
 * and the aside one renamed back.
 *
 * <p>Check: the tar reads to its end and holds the backup's {@code .backup} metadata file.
 *
 * <p><b>Not exercised against a real ClickHouse here</b> (no ClickHouse image can be built in
 * this environment): the SQL and command lines are unit-tested ({@code ClickhouseHandlerTest});
 * the archive streaming is the one the folder method uses (exercised by {@code StopModeIT}).
 * Whether a given ClickHouse release accepts these statements unchanged, and the exact layout
 * of a File() backup, were not verified.
 *
 * <p>The command lines and SQL are in {@link ClickhouseCommands}, the archive checks in
 * {@link ClickhouseBackupArchive}.
 */
public final class ClickhouseHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClickhouseHandler.class);
    static final String KIND = "database";
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

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
        return ctx.requireDocker("must run in a container: its backup folder"
                + " is copied out of the container");
    }

    private static String sql(StoreContext ctx, String query) throws IOException {
        return Commands.capture(ctx.runner(), "clickhouse-client on " + ctx.spec().name(), client(ctx.spec(), query),
                env(ctx.spec()), ctx.timeout());
    }

    private static String shortSql(StoreContext ctx, String query) throws IOException {
        return Commands.capture(ctx.runner(), "clickhouse-client on " + ctx.spec().name(), client(ctx.spec(), query),
                env(ctx.spec()), QUERY_TIMEOUT);
    }

    List<String> databases(StoreContext ctx) throws IOException {
        String configured = ctx.spec().option("databases", null);
        if (configured != null) {
            return Arrays.stream(configured.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return Arrays.stream(shortSql(ctx, listDatabasesSql()).split("\n")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static void removeFolder(StoreContext ctx, String folder) {
        try {
            Commands.capture(ctx.runner(), "removing " + folder, List.of("rm", "-rf", folder), Map.of(), QUERY_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the backup folder {} of {}: {}", folder, ctx.spec().name(), e.getMessage());
        }
    }

    // ---- probe / backup ---------------------------------------------------------------

    @Override
    public void probe(StoreContext ctx) throws IOException {
        shortSql(ctx, "SELECT 1");
    }

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        DockerGateway docker = docker(ctx);
        String dir = backupDir(ctx.spec());
        String version = shortSql(ctx, "SELECT version()").strip();
        ctx.entry().serverVersion = version;
        ctx.entry().tool = "clickhouse BACKUP DATABASE TO File() " + version;
        for (String db : databases(ctx)) {
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
        ClickhouseBackupArchive.check(store, artifact, data, report);
    }

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
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
            boolean exists = !"0".equals(shortSql(ctx, existsSql(db)).strip());
            shortSql(ctx, dropSql(aside));
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
