package io.snapdock.handlers;

import io.snapdock.SnapdockException;
import io.snapdock.docker.ContainerControl;
import io.snapdock.docker.DockerGateway;
import io.snapdock.exec.RunningCommand;
import io.snapdock.model.Manifest;
import io.snapdock.model.StoreSpec;
import io.snapdock.model.ValidationReport;
import io.snapdock.repo.snapshot.ArtifactOutput;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

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
 */
public final class RedisHandler implements StoreHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RedisHandler.class);
    static final String DUMP = "dump.rdb";
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);
    /** The longest a sibling container that removes files may take. */
    private static final Duration SIBLING_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern ERROR_REPLY = Pattern.compile("^[A-Z][A-Z_-]+ .*", Pattern.DOTALL);
    private static final Pattern KEYS = Pattern.compile("keys=(\\d+)");

    /** The client found in each container (or "local"): detected once. */
    private final Map<String, Cli> clis = new ConcurrentHashMap<>();

    /** The server's client tool and its version line. */
    record Cli(String tool, String version) {
    }

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

    // ---- talking to the server ----------------------------------------------------------

    static List<String> argv(StoreSpec spec, String tool, List<String> command) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        argv.add("-h");
        argv.add(spec.host() != null ? spec.host() : "127.0.0.1");
        argv.add("-p");
        argv.add(String.valueOf(spec.port() != null ? spec.port() : 6379));
        if (spec.user() != null) {
            argv.add("--user");
            argv.add(spec.user());
        }
        argv.addAll(command);
        return argv;
    }

    /** The password travels in the environment only (REDISCLI_AUTH), never in argv. */
    static Map<String, String> env(StoreSpec spec) {
        Map<String, String> env = new HashMap<>();
        if (spec.password() != null) {
            env.put("REDISCLI_AUTH", spec.password());
        }
        return env;
    }

    Cli cli(StoreContext ctx) throws IOException {
        String key = ctx.spec().inContainer() ? ctx.spec().container() : "local";
        Cli known = clis.get(key);
        if (known != null) {
            return known;
        }
        List<String> problems = new ArrayList<>();
        for (String tool : List.of("valkey-cli", "redis-cli")) {
            try (RunningCommand cmd = ctx.runner().start(List.of(tool, "--version"), Map.of(), false)) {
                String out = new String(readBounded(cmd.stdout(), 64 * 1024), StandardCharsets.UTF_8).strip();
                int code = cmd.waitFor(QUERY_TIMEOUT);
                if (code == 0 && out.startsWith(tool)) {
                    Cli found = new Cli(tool, out.lines().findFirst().orElse(tool));
                    clis.put(key, found);
                    return found;
                }
                problems.add(tool + ": exit " + code);
            } catch (IOException | SnapdockException e) {
                problems.add(tool + ": " + e.getMessage());
            }
        }
        throw SnapdockException.failed("neither valkey-cli nor redis-cli runs in " + ctx.runner().describe()
                + " for store " + ctx.spec().name() + " (" + String.join("; ", problems) + ")");
    }

    /** Sends one command; returns the reply (raw, \r removed). Error replies fail unless {@code errorOk}. */
    static String call(StoreContext ctx, Cli cli, boolean errorOk, String... command) throws IOException {
        String what = cli.tool() + " " + command[0] + " on " + ctx.spec().name();
        try (RunningCommand cmd = ctx.runner().start(argv(ctx.spec(), cli.tool(), List.of(command)), env(ctx.spec()), false)) {
            String out = new String(readBounded(cmd.stdout(), 4 * 1024 * 1024), StandardCharsets.UTF_8).replace("\r", "");
            int code = cmd.waitFor(QUERY_TIMEOUT);
            if (code != 0) {
                throw SnapdockException.failed(what + " failed (exit " + code + "): "
                        + RunningCommand.summary(cmd.stderr() + "\n" + out));
            }
            String reply = out.strip();
            if (!errorOk && isErrorReply(reply)) {
                String err = cmd.stderr().isBlank() ? "" : " (" + RunningCommand.summary(cmd.stderr()) + ")";
                throw SnapdockException.failed(what + " answered: " + RunningCommand.summary(reply) + err);
            }
            return reply;
        }
    }

    /** An error reply as redis-cli prints it without a terminal: "ERR …", "NOAUTH …", "LOADING …". */
    static boolean isErrorReply(String reply) {
        return ERROR_REPLY.matcher(reply).matches();
    }

    static Map<String, String> info(StoreContext ctx, Cli cli, String section) throws IOException {
        return parseInfo(call(ctx, cli, false, "INFO", section));
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                out.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return out;
    }

    /** All keys of all databases, from an INFO keyspace reply. */
    static long keyCount(Map<String, String> keyspace) {
        long n = 0;
        for (Map.Entry<String, String> e : keyspace.entrySet()) {
            if (e.getKey().matches("db\\d+")) {
                var m = KEYS.matcher(e.getValue());
                if (m.find()) {
                    n += Long.parseLong(m.group(1));
                }
            }
        }
        return n;
    }

    /** A parameter's value, or null when the server does not know it. */
    static String configGet(StoreContext ctx, Cli cli, String parameter) throws IOException {
        String reply = call(ctx, cli, false, "CONFIG", "GET", parameter);
        if (reply.isEmpty()) {
            return null;
        }
        String[] lines = reply.split("\n", 2);
        if (!lines[0].equalsIgnoreCase(parameter)) {
            throw SnapdockException.failed("CONFIG GET " + parameter + " on " + ctx.spec().name()
                    + " gave an unexpected answer: " + RunningCommand.summary(reply));
        }
        return lines.length > 1 ? lines[1].strip() : "";
    }

    static long number(StoreContext ctx, Cli cli, String... command) throws IOException {
        String reply = call(ctx, cli, false, command);
        try {
            return Long.parseLong(reply.lines().findFirst().orElse("").strip());
        } catch (NumberFormatException e) {
            throw SnapdockException.failed(String.join(" ", command) + " on " + ctx.spec().name()
                    + " gave no number: " + RunningCommand.summary(reply));
        }
    }

    static long parseLong(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static byte[] readBounded(InputStream in, int max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        while ((n = in.read(b)) >= 0) {
            if (buf.size() + n <= max) {
                buf.write(b, 0, n);
            }
        }
        return buf.toByteArray();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SnapdockException.failed("interrupted while waiting for the server");
        }
    }

    static DockerGateway docker(StoreContext ctx, String what) {
        return ctx.requireDocker("is not in a container: the " + what
                    + " of a Redis/Valkey store reads and writes its RDB file inside its container"
                    + " (label the container, or set snapdock.stores." + ctx.spec().name() + ".container)");
    }

    @Override
    public void probe(StoreContext ctx) throws IOException {
        Cli cli = cli(ctx);
        String reply = call(ctx, cli, false, "PING");
        if (!"PONG".equals(reply)) {
            throw SnapdockException.unavailable(ctx.spec().name() + " does not answer PING: "
                    + RunningCommand.summary(reply), null);
        }
    }

    /** After a restore: PING answers and the server holds keys when the snapshot did. */
    @Override
    public void postCheck(StoreContext ctx, Manifest.StoreEntry entry) throws IOException {
        Cli cli = cli(ctx);
        long expected = entry.artifacts.stream().filter(a -> "rdb".equals(a.kind)).mapToLong(RedisHandler::expectedKeys)
                .findFirst().orElse(-1);
        long keys = keyCount(info(ctx, cli, "keyspace"));
        if (expected > 0 && keys == 0) {
            throw SnapdockException.failed(ctx.spec().name() + " holds no key after the restore although the snapshot held "
                    + expected);
        }
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

        save(ctx, cli);
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

    static String rdbPath(String dir, String dbfilename) {
        if (dir == null || dbfilename == null || dbfilename.isEmpty()) {
            throw SnapdockException.failed("the server did not tell its RDB file (CONFIG GET dir / dbfilename)");
        }
        if (dbfilename.startsWith("/")) {
            return dbfilename;
        }
        return (dir.endsWith("/") ? dir : dir + "/") + dbfilename;
    }

    /**
     * BGSAVE, then waits until a save finished after it: LASTSAVE moved (or, where INFO has it,
     * rdb_saves grew), and checks that it succeeded.
     */
    static void save(StoreContext ctx, Cli cli) throws IOException {
        long lastSave = number(ctx, cli, "LASTSAVE");
        long saves = parseLong(info(ctx, cli, "persistence").get("rdb_saves"), -1);
        if (saves < 0) {
            // LASTSAVE counts seconds: a save ending in the second of the last one would go unseen.
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (lastSave >= number(ctx, cli, "TIME") && System.nanoTime() < until) {
                pause(200);
            }
        }
        String reply = call(ctx, cli, true, "BGSAVE");
        if (reply.contains("BGSAVE SCHEDULE")) {   // an AOF rewrite runs: save right after it
            reply = call(ctx, cli, true, "BGSAVE", "SCHEDULE");
        }
        boolean started = reply.startsWith("Background saving started") || reply.contains("already in progress");
        if (!started && !reply.startsWith("Background saving scheduled")) {
            throw SnapdockException.failed("BGSAVE on " + ctx.spec().name() + " was refused: " + RunningCommand.summary(reply));
        }
        long deadline = System.nanoTime() + ctx.timeout().toNanos();
        long wait = 50;
        while (true) {
            Map<String, String> p = info(ctx, cli, "persistence");
            boolean running = "1".equals(p.get("rdb_bgsave_in_progress"));
            started |= running;
            if (!running) {
                boolean done = number(ctx, cli, "LASTSAVE") > lastSave
                        || (saves >= 0 && parseLong(p.get("rdb_saves"), -1) > saves);
                boolean failed = "err".equals(p.get("rdb_last_bgsave_status"));
                if (done && !failed) {
                    return;
                }
                if (failed && (done || started)) {
                    throw SnapdockException.failed("BGSAVE on " + ctx.spec().name()
                            + " failed (rdb_last_bgsave_status:err): see the server's log (disk full? permissions?)");
                }
            }
            if (System.nanoTime() > deadline) {
                throw SnapdockException.failed("BGSAVE on " + ctx.spec().name() + " did not finish within " + ctx.timeout());
            }
            pause(wait);
            wait = Math.min(1000, wait * 2);
        }
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

    /**
     * CRC-64 as redis computes it for RDB files (crc64.c): the Jones polynomial, reflected, initial
     * value 0, no final xor. {@code crc64(0, "123456789") == 0xe9c6d914c4b8d9ca}.
     */
    static final class Crc64 {
        /** 0xad93d23594c935a9 bit-reversed. */
        static final long POLY = 0x95ac9329ac4bc9b5L;
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long crc = i;
                for (int k = 0; k < 8; k++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
                }
                TABLE[i] = crc;
            }
        }

        private Crc64() {
        }

        static long update(long crc, byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
            }
            return crc;
        }
    }

    /**
     * Checks an RDB stream as it goes by, in bounded memory: the 9-byte header, and (RDB 5 and
     * later) the end-of-file opcode followed by the little-endian CRC-64 of everything before
     * the checksum. Only the last 8 bytes are held back.
     */
    static final class RdbVerifier extends OutputStream {

        record Problem(String code, String detail) {
        }

        private final byte[] head = new byte[9];
        private int headLen;
        private final byte[] hold = new byte[8];
        private int holdLen;
        private long crc;
        private long size;
        private int lastFed = -1;

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            size += len;
            if (headLen < head.length) {
                int n = Math.min(len, head.length - headLen);
                System.arraycopy(b, off, head, headLen, n);
                headLen += n;
            }
            int total = holdLen + len;
            if (total <= hold.length) {
                System.arraycopy(b, off, hold, holdLen, len);
                holdLen = total;
                return;
            }
            int feed = total - hold.length;          // bytes that are surely not the trailing checksum
            int fromHold = Math.min(holdLen, feed);
            if (fromHold > 0) {
                crc = Crc64.update(crc, hold, 0, fromHold);
                lastFed = hold[fromHold - 1] & 0xff;
            }
            int fromB = feed - fromHold;
            if (fromB > 0) {
                crc = Crc64.update(crc, b, off, fromB);
                lastFed = b[off + fromB - 1] & 0xff;
            }
            int kept = holdLen - fromHold;
            System.arraycopy(hold, fromHold, hold, 0, kept);
            System.arraycopy(b, off + fromB, hold, kept, len - fromB);
            holdLen = hold.length;
        }

        /** The RDB format version from the header, or -1 when the header is not an RDB header. */
        int version() {
            if (headLen < head.length) {
                return -1;
            }
            String h = new String(head, StandardCharsets.US_ASCII);
            if (h.matches("REDIS\\d{4}")) {
                return Integer.parseInt(h.substring(5));
            }
            if (h.matches("VALKEY\\d{3}")) {
                return Integer.parseInt(h.substring(6));
            }
            return -1;
        }

        /** Null when the stream is a sound RDB file. */
        Problem finish() {
            int version = version();
            if (version < 0) {
                return new Problem("rdb_unreadable", "not an RDB file: no REDIS/VALKEY header"
                        + (size < head.length ? " (" + size + " bytes)" : ""));
            }
            if (version < 5) {   // no checksum before RDB 5: the file ends with the EOF opcode
                return holdLen > 0 && (hold[holdLen - 1] & 0xff) == 0xff ? null
                        : new Problem("rdb_unreadable", "truncated: no end-of-file marker");
            }
            if (size < head.length + 1 + 8 || lastFed != 0xff) {
                return new Problem("rdb_unreadable", "truncated: no end-of-file marker before the checksum ("
                        + size + " bytes)");
            }
            long stored = 0;
            for (int i = 7; i >= 0; i--) {
                stored = (stored << 8) | (hold[i] & 0xff);
            }
            if (stored == 0) {
                return null;   // saved with rdbchecksum no
            }
            if (stored != crc) {
                return new Problem("rdb_checksum_mismatch", String.format("CRC-64 %016x differs from the file's %016x",
                        crc, stored));
            }
            return null;
        }
    }

    // ---- restore ----------------------------------------------------------------------

    /** Where the server keeps its files, read from the running server. */
    record Settings(String dir, String dbfilename, boolean aof, String aofDirName, String aofFileName) {

        String rdbPath() {
            return RedisHandler.rdbPath(dir, dbfilename);
        }

        /** The AOF folder (Redis 7+, Valkey), or the single AOF file of older servers. */
        String aofPath() {
            return (dir.endsWith("/") ? dir : dir + "/") + (aofDirName != null ? aofDirName : aofFileName);
        }
    }

    static Settings settings(StoreContext ctx, Cli cli) throws IOException {
        String dir = configGet(ctx, cli, "dir");
        String dbfilename = configGet(ctx, cli, "dbfilename");
        boolean aof = "yes".equalsIgnoreCase(configGet(ctx, cli, "appendonly"));
        String aofDir = configGet(ctx, cli, "appenddirname");
        String aofFile = configGet(ctx, cli, "appendfilename");
        if (dir == null || !dir.startsWith("/") || dbfilename == null || dbfilename.isEmpty()) {
            throw SnapdockException.failed("the server of " + ctx.spec().name() + " did not tell its RDB file"
                    + " (CONFIG GET dir / dbfilename)");
        }
        if (aof && (aofFile == null || aofFile.isEmpty())) {
            aofFile = "appendonly.aof";
        }
        if (aofDir != null && aofDir.isEmpty()) {
            aofDir = null;
        }
        return new Settings(dir, dbfilename, aof, aofDir, aofFile);
    }

    /** Owner and permission bits a written file gets. */
    record Owner(long uid, long gid, int mode) {
    }

    /** What was in place before the restore, kept in local files (tar streams as the archive API gave them). */
    static final class Aside {
        Path rdb;
        Path aof;
        Owner owner;

        void delete() {
            for (Path p : new Path[]{rdb, aof}) {
                try {
                    if (p != null) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }

        @Override
        public String toString() {
            return (rdb != null ? rdb : "") + (aof != null ? " " + aof : "");
        }
    }

    @Override
    public void restore(StoreContext ctx, Manifest.StoreEntry entry, ArtifactSource source) throws IOException {
        DockerGateway docker = docker(ctx, "restore");
        String id = ctx.spec().container();
        String name = ctx.spec().name();
        Manifest.Artifact artifact = entry.artifacts.stream().filter(x -> "rdb".equals(x.kind)).findFirst()
                .orElseThrow(() -> SnapdockException.failed("snapshot entry of " + entry.name + " holds no RDB file"));
        long expectedKeys = expectedKeys(artifact);
        Cli cli = cli(ctx);
        Settings settings = settings(ctx, cli);
        String image = docker.inspect(id).getConfig().getImage();

        Path rdb = Files.createTempFile("snapdock-redis-", ".rdb");
        Path[] tar = {null};
        Aside aside = new Aside();
        ContainerSwap swap = null;
        try {
            download(source, artifact, rdb);
            swap = new ContainerSwap(ctx, List.of(id), "its previous files", new ContainerSwap.Steps() {
                @Override
                public void takeAside() throws IOException {
                    RedisHandler.takeAside(docker, id, settings, aside);
                    tar[0] = Files.createTempFile("snapdock-redis-", ".tar");
                    writeTar(tar[0], rdb, settings, aside.owner);
                }

                @Override
                public void putInPlace() throws IOException {
                    install(ctx, docker, image, id, settings, tar[0]);
                }

                @Override
                public boolean putBack(Exception cause) {
                    return RedisHandler.putBack(ctx, docker, image, id, settings, aside, cause);
                }

                @Override
                public ContainerControl.Probe restoredAnswers() {
                    return () -> probe(ctx);
                }

                @Override
                public ContainerControl.Probe previousAnswers() {
                    return () -> probe(ctx);
                }

                @Override
                public void checkRestored() throws IOException {
                    verify(ctx, cli, settings, expectedKeys);
                }
            });
            swap.run();
        } finally {
            Files.deleteIfExists(rdb);
            if (tar[0] != null) {
                Files.deleteIfExists(tar[0]);
            }
            if (swap != null && swap.putBackFailed()) {
                LOG.error("The previous files of {} are kept in {}", name, aside);
            } else {
                aside.delete();
            }
        }
    }

    /** Sibling containers that remove files take at most this (or the store's timeout when shorter). */
    static Duration siblingTimeout(StoreContext ctx) {
        return ctx.timeout().compareTo(SIBLING_TIMEOUT) < 0 ? ctx.timeout() : SIBLING_TIMEOUT;
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
            throw SnapdockException.failed("the snapshot's " + artifact.name + " is not usable (" + problem.code() + "): "
                    + problem.detail() + "; nothing was changed");
        }
    }

    /** A tar stream of {@code path} in the container, or null when there is no such path. */
    static InputStream copyOutIfExists(DockerGateway docker, String id, String path) {
        return docker.copyOutIfExists(id, path);
    }

    static Path copyOutToFile(DockerGateway docker, String id, String path) throws IOException {
        try (InputStream in = copyOutIfExists(docker, id, path)) {
            if (in == null) {
                return null;
            }
            Path file = Files.createTempFile("snapdock-redis-aside-", ".tar");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    static Owner firstEntryOwner(InputStream tar, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveInputStream(tar).getNextEntry();
        if (e == null) {
            return null;
        }
        return new Owner(e.getLongUserId(), e.getLongGroupId(), mode >= 0 ? mode : e.getMode() & 07777);
    }

    /** Copies the current RDB and AOF aside (the container is stopped) and notes whom the files belong to. */
    static void takeAside(DockerGateway docker, String id, Settings s, Aside aside) throws IOException {
        aside.rdb = copyOutToFile(docker, id, s.rdbPath());
        if (s.aof()) {
            aside.aof = copyOutToFile(docker, id, s.aofPath());
        }
        if (aside.rdb != null) {
            try (InputStream in = Files.newInputStream(aside.rdb)) {
                aside.owner = firstEntryOwner(in, -1);
            }
        }
        if (aside.owner == null && aside.aof != null) {
            try (InputStream in = Files.newInputStream(aside.aof)) {
                aside.owner = firstEntryOwner(in, 0644);
            }
        }
        if (aside.owner == null) {
            try (InputStream in = copyOutIfExists(docker, id, s.dir())) {
                aside.owner = in == null ? null : firstEntryOwner(in, 0644);
            }
        }
        if (aside.owner == null) {
            aside.owner = new Owner(0, 0, 0644);
        }
    }

    /** The AOF manifest naming {@code base} as the only file (what the server writes itself). */
    static String aofManifest(String base) {
        return "file " + manifestName(base) + " seq 1 type b\n";
    }

    /** A file name as the manifest writes it: quoted with escapes when it holds spaces or specials. */
    static String manifestName(String name) {
        boolean plain = name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '\'');
        if (plain) {
            return name;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * The tar unpacked into {@code dir}: the RDB as {@code dbfilename} and, with the AOF on, a new
     * AOF whose only base file is that same RDB (Redis 7+/Valkey: a folder with a manifest; older:
     * the RDB as the single AOF file, an RDB-preamble AOF).
     */
    static void writeTar(Path tar, Path rdb, Settings s, Owner owner) throws IOException {
        long size = Files.size(rdb);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            String rdbName = s.dbfilename().startsWith("/") ? s.dbfilename().substring(s.dbfilename().lastIndexOf('/') + 1)
                    : s.dbfilename();
            putFile(out, rdbName, rdb, size, owner, owner.mode());
            if (s.aof()) {
                if (s.aofDirName() != null) {
                    String base = s.aofFileName() + ".1.base.rdb";
                    TarArchiveEntry d = new TarArchiveEntry(s.aofDirName() + "/");
                    d.setUserId(owner.uid());
                    d.setGroupId(owner.gid());
                    d.setMode(TarArchiveEntry.DEFAULT_DIR_MODE);
                    d.setModTime(System.currentTimeMillis());
                    out.putArchiveEntry(d);
                    out.closeArchiveEntry();
                    putFile(out, s.aofDirName() + "/" + base, rdb, size, owner, 0644);
                    byte[] manifest = aofManifest(base).getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry m = entry(s.aofDirName() + "/" + s.aofFileName() + ".manifest", manifest.length, owner, 0644);
                    out.putArchiveEntry(m);
                    out.write(manifest);
                    out.closeArchiveEntry();
                } else {
                    putFile(out, s.aofFileName(), rdb, size, owner, 0644);
                }
            }
            out.finish();
        }
    }

    private static TarArchiveEntry entry(String name, long size, Owner owner, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setUserId(owner.uid());
        e.setGroupId(owner.gid());
        e.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        e.setModTime(System.currentTimeMillis());
        return e;
    }

    private static void putFile(TarArchiveOutputStream out, String name, Path file, long size, Owner owner, int mode)
            throws IOException {
        out.putArchiveEntry(entry(name, size, owner, mode));
        Files.copy(file, out);
        out.closeArchiveEntry();
    }

    /** With the container stopped: the AOF removed (and its removal checked), the new files unpacked. */
    static void install(StoreContext ctx, DockerGateway docker, String image, String id, Settings s, Path tar)
            throws IOException {
        if (s.aof()) {
            remove(ctx, docker, image, id, List.of(s.aofPath()));
            try (InputStream left = copyOutIfExists(docker, id, s.aofPath())) {
                if (left != null) {
                    throw SnapdockException.failed("the append-only files " + s.aofPath() + " of " + ctx.spec().name()
                            + " could not be removed: is " + s.dir() + " on a volume?");
                }
            }
        }
        try (InputStream in = Files.newInputStream(tar)) {
            docker.copyIn(id, s.dir(), in);
        }
    }

    /** Deletes paths in the stopped container's volumes from a sibling container (same image, same volumes). */
    static void remove(StoreContext ctx, DockerGateway docker, String image, String id, List<String> paths) {
        List<String> cmd = new ArrayList<>(List.of("rm", "-rf", "--"));
        cmd.addAll(paths);
        DockerGateway.Sibling s = docker.runSibling(image, id, cmd, siblingTimeout(ctx));
        if (s.exitCode() != 0) {
            throw SnapdockException.failed("could not remove " + String.join(", ", paths) + " of " + ctx.spec().name()
                    + " (exit " + s.exitCode() + "): " + s.output().strip());
        }
    }

    /** With the container stopped: the previous RDB and AOF back in place. Returns false when that failed. */
    static boolean putBack(StoreContext ctx, DockerGateway docker, String image, String id, Settings s, Aside aside,
                           Exception cause) {
        try {
            List<String> paths = new ArrayList<>();
            paths.add(s.rdbPath());
            if (s.aof()) {
                paths.add(s.aofPath());
            }
            remove(ctx, docker, image, id, paths);
            if (aside.rdb != null) {
                try (InputStream in = Files.newInputStream(aside.rdb)) {
                    docker.copyIn(id, parent(s.rdbPath()), in);
                }
            }
            if (aside.aof != null) {
                try (InputStream in = Files.newInputStream(aside.aof)) {
                    docker.copyIn(id, parent(s.aofPath()), in);
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(SnapdockException.failed("putting the previous files of " + ctx.spec().name()
                    + " back failed too (they are kept in " + aside + "): " + e.getMessage()));
            return false;
        }
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** After the start: the data set is loaded, holds keys if the snapshot did, and the AOF is still on. */
    static void verify(StoreContext ctx, Cli cli, Settings s, long expectedKeys) throws IOException {
        String name = ctx.spec().name();
        Map<String, String> persistence = info(ctx, cli, "persistence");
        if ("1".equals(persistence.get("loading"))) {
            throw SnapdockException.failed(name + " is still loading its data set");
        }
        long keys = keyCount(info(ctx, cli, "keyspace"));
        if (expectedKeys > 0 && keys == 0) {
            throw SnapdockException.failed(name + " holds no key after the restore although the snapshot held "
                    + expectedKeys + ": the server did not load the restored data set");
        }
        if (s.aof() && !"yes".equalsIgnoreCase(configGet(ctx, cli, "appendonly"))) {
            throw SnapdockException.failed("the append-only file of " + name + " is off after the restore");
        }
        String loaded = persistence.get("rdb_last_load_keys_loaded");
        LOG.info("Restored {}: {} keys now, {} in the snapshot{}{}", name, keys, expectedKeys,
                loaded != null ? ", loaded " + loaded + ", expired while loading "
                        + persistence.getOrDefault("rdb_last_load_keys_expired", "?") : "",
                keys == expectedKeys ? "" : " (keys with a TTL expire, writes during the backup or since the start count too)");
    }
}
