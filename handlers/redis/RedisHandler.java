package io.snapdock.handlers.redis;

import io.snapdock.SnapdockException;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.ContainerSwap;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler;
import io.snapdock.handlers.StoreHandler.ArtifactSource;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static io.snapdock.handlers.redis.RdbFormat.*;
import static io.snapdock.handlers.redis.RedisCli.*;
import static io.snapdock.handlers.redis.RedisFiles.*;

/**
 * Redis and Valkey (type {@code redis}, alias {@code valkey}), online. The server's own client
 * ({@code valkey-cli}, else {@code redis-cli}, found once per container) runs inside the
 * store's container; the port is {@code snapdock.port} (default 6379), the password (property
 * {@code snapdock.stores.NAME.password}) goes in {@code REDISCLI_AUTH}, never on a command line.
 *
 * <p>Backup: {@code BGSAVE} (a save already running is fine), waited for until {@code LASTSAVE}
 * (or {@code rdb_saves}) moves and {@code rdb_last_bgsave_status} is ok; then the file named by
 * {@code CONFIG GET dir} + {@code dbfilename} is streamed out with {@code cat} into
 * {@code dump.rdb}, its header and CRC-64 checked on the way. The artifact records
 * {@code keys=N}: the keys the server held when its save finished.
 *
 * <p>Check: the header ({@code REDIS} + 4 digits, or Valkey 9's {@code VALKEY} + 3 digits), the
 * end-of-file opcode and the trailing CRC-64 (Jones, reflected: redis' crc64.c) over everything
 * before it; a stored checksum of 0 means the server runs with {@code rdbchecksum no}.
 *
 * <p>Restore, with the container stopped (the only way a server takes a new data set):
 * <ol>
 * <li>the snapshot's RDB is downloaded to a local file and verified, the server's
 *     {@code dir}, {@code dbfilename}, {@code appendonly}, {@code appenddirname} and
 *     {@code appendfilename} are read — all while it still serves;</li>
 * <li>the container is stopped (journalled); the current RDB file and append-only files are
 *     copied aside to local files through the Docker archive API;</li>
 * <li>when the AOF is on, a server started with {@code appendonly yes} loads ONLY the AOF: a
 *     stale AOF would win over the restored RDB, and with the AOF folder merely removed it
 *     starts EMPTY (it ignores dump.rdb). So the AOF folder is deleted by a throw-away sibling
 *     container (same image, same volumes), its deletion is checked, and a new one is written
 *     whose manifest names the restored RDB as its only base file — the format a server writes
 *     itself ({@code aof-use-rdb-preamble}); a Redis older than 7 (one AOF file) gets the RDB
 *     as its RDB-preamble AOF file. Nothing in the configuration changes, so this works as well
 *     for settings given on the command line (no config file, no CONFIG REWRITE);</li>
 * <li>the RDB goes in as {@code dbfilename} (owner and mode of the file it replaces);</li>
 * <li>the container is ALWAYS started again; the store must answer PING, hold keys if the
 *     snapshot did, and still have its AOF on.</li>
 * </ol>
 * If anything fails after the copy aside, the previous files are put back the same way and the
 * container started again.
 *
 * <p>The client round trips are in {@link RedisCli} and {@link BgSave}, the RDB checks in
 * {@link RdbFormat}, the server's files and the restore tar in {@link RedisFiles}, the restore's
 * steps in {@link RdbSwap}.
 */
public final class RedisHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RedisHandler.class);
    static final String DUMP = "dump.rdb";
    private static final Pattern KEYS = Pattern.compile("keys=(\\d+)");

    /** The client found in each container (or "local"): detected once. */
    private final Map<String, Cli> clis = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public List<String> aliases() {
        return List.of("valkey");
    }

    /** The data folder of the usual redis and valkey images (the stop-mode folder copy). */
    @Override
    public String dataPath() {
        return "/data";
    }

    Cli cli(StoreContext ctx) throws IOException {
        String key = ctx.spec().inContainer() ? ctx.spec().container() : "local";
        Cli known = clis.get(key);
        if (known != null) {
            return known;
        }
        Cli found = RedisCli.detect(ctx);
        clis.put(key, found);
        return found;
    }

    static DockerGateway docker(StoreContext ctx, String what) {
        return ctx.requireDocker("is not in a container: the " + what
                + " of a Redis/Valkey store reads and writes its RDB file inside its container"
                + " (label the container, or set snapdock.stores." + ctx.spec().name() + ".container)");
    }

    @Override
    public void probe(StoreContext ctx) throws IOException {
        ping(ctx, cli(ctx));
    }

    /** After a restore: PING answers and the server holds keys when the snapshot did. */
    @Override
    public void postCheck(StoreContext ctx, Manifest.StoreEntry entry) throws IOException {
        Cli cli = cli(ctx);
        long expected = entry.artifacts.stream().filter(a -> "rdb".equals(a.kind)).mapToLong(RedisHandler::expectedKeys)
                .findFirst().orElse(-1);
        long keys = keyCount(info(ctx, cli, "keyspace"));
        if (expected > 0 && keys == 0) {
            throw SnapdockException
                    .failed(ctx.spec().name() + " holds no key after the restore although the snapshot held "
                            + expected);
        }
    }

    /** Empty: no key in any database (INFO keyspace lists none: DBSIZE 0 on every db). */
    @Override
    public boolean isEmpty(StoreContext ctx) throws IOException {
        return keyCount(info(ctx, cli(ctx), "keyspace")) == 0;
    }

    @Override
    public Map<String, Object> describe(StoreContext ctx) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keys", keyCount(info(ctx, cli(ctx), "keyspace")));
        return out;
    }

    @Override
    public Map<String, Object> contents(Manifest.StoreEntry entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keys", entry.artifacts.stream().filter(a -> "rdb".equals(a.kind)).mapToLong(RedisHandler::expectedKeys)
                .findFirst().orElse(-1));
        out.put("bytes", entry.artifacts.stream().mapToLong(a -> a.size).sum());
        return out;
    }

    /** The server takes a new data set only at its start: its container is stopped during the restore. */
    @Override
    public boolean restoreStopsContainer(String method) {
        return true;
    }

    static String serverVersion(Map<String, String> server) {
        if (server.get("valkey_version") != null) {
            return "valkey " + server.get("valkey_version");
        }
        return server.get("redis_version");
    }

    // ---- backup -----------------------------------------------------------------------

    @Override
    public void backup(StoreContext ctx, BackupSink sink) throws IOException {
        docker(ctx, "backup");
        Cli cli = cli(ctx);
        ctx.entry().serverVersion = serverVersion(info(ctx, cli, "server"));
        ctx.entry().tool = cli.version();

        BgSave.save(ctx, cli);
        long keys = keyCount(info(ctx, cli, "keyspace"));
        String path = rdbPath(configGet(ctx, cli, "dir"), configGet(ctx, cli, "dbfilename"));

        Manifest.Artifact a = new Manifest.Artifact();
        a.name = DUMP;
        a.kind = "rdb";
        a.format = "rdb";
        a.database = "keys=" + keys;
        try (RunningCommand cmd = ctx.runner().start(List.of("cat", "--", path), Map.of(), false);
             ArtifactOutput out = sink.open(a)) {
            RdbVerifier verifier = new RdbVerifier();
            InputStream in = cmd.stdout();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                verifier.write(buf, 0, n);
            }
            cmd.awaitSuccess("reading " + path + " in " + ctx.runner().describe(), ctx.timeout());
            RdbVerifier.Problem problem = verifier.finish();
            if (problem != null) {
                throw SnapdockException.failed("the RDB file " + path + " of " + ctx.spec().name()
                        + " is not usable: " + problem.detail());
            }
            ctx.entry().artifacts.add(out.commit());
        }
        LOG.info("Saved {} ({} keys) from {}", ctx.spec().name(), keys, path);
    }

    // ---- validation -------------------------------------------------------------------

    @Override
    public void check(StoreContext ctx, String store, Manifest.Artifact artifact, InputStream data,
                      ValidationReport report) throws IOException {
        RdbVerifier verifier = new RdbVerifier();
        data.transferTo(verifier);
        RdbVerifier.Problem problem = verifier.finish();
        if (problem != null) {
            report.add(problem.code(), store, artifact.name, problem.detail());
        }
    }

    // ---- restore ----------------------------------------------------------------------

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        DockerGateway docker = docker(ctx, "restore");
        String id = ctx.spec().container();
        Manifest.Artifact artifact = entry.artifacts.stream().filter(x -> "rdb".equals(x.kind)).findFirst()
                .orElseThrow(() -> SnapdockException.failed("snapshot entry of " + entry.name + " holds no RDB file"));
        long expectedKeys = expectedKeys(artifact);
        Cli cli = cli(ctx);
        Settings settings = settings(ctx, cli);
        String image = docker.inspect(id).getConfig().getImage();

        Path rdb = Files.createTempFile("snapdock-redis-", ".rdb");
        RdbSwap steps = new RdbSwap(ctx, cli, docker, image, settings, rdb, expectedKeys);
        ContainerSwap swap = new ContainerSwap(ctx, List.of(id), "its previous files", steps);
        try {
            download(source, artifact, rdb);
            swap.run();
        } finally {
            Files.deleteIfExists(rdb);
            steps.deleteFiles(swap.putBackFailed());
            if (swap.putBackFailed()) {
                LOG.error("The previous files of {} are kept in {}", ctx.spec().name(), steps.aside);
            }
        }
    }

    static long expectedKeys(Manifest.Artifact a) {
        if (a.database != null) {
            var m = KEYS.matcher(a.database);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return -1;
    }

    /** The snapshot's RDB into a local file, checked (header, CRC-64) before the store is touched. */
    static void download(ArtifactSource source, Manifest.Artifact artifact, Path into) throws IOException {
        RdbVerifier verifier = new RdbVerifier();
        try (InputStream in = source.open(artifact); OutputStream out = Files.newOutputStream(into)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                verifier.write(buf, 0, n);
            }
        }
        RdbVerifier.Problem problem = verifier.finish();
        if (problem != null) {
            throw SnapdockException
                    .failed("the snapshot's " + artifact.name + " is not usable (" + problem.code() + "): "
                            + problem.detail() + "; nothing was changed");
        }
    }
}
