package io.snapdock.handlers.redis;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.StoreContext;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.snapdock.handlers.redis.RedisCli.*;

/**
 * Where a server keeps its files (RDB, append-only files) and the tar that puts a restored RDB
 * in place: as {@code dbfilename} and, with the AOF on, as the only base file of a new AOF.
 */
final class RedisFiles {

    private RedisFiles() {
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

    /** Where the server keeps its files, read from the running server. */
    record Settings(String dir, String dbfilename, boolean aof, String aofDirName, String aofFileName) {

        String rdbPath() {
            return RedisFiles.rdbPath(dir, dbfilename);
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
            String rdbName = s.dbfilename().startsWith("/")
                    ? s.dbfilename().substring(s.dbfilename().lastIndexOf('/') + 1)
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
                    TarArchiveEntry m = entry(s.aofDirName() + "/" + s.aofFileName() + ".manifest", manifest.length,
                            owner, 0644);
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

    private static void putFile(TarArchiveOutputStream out, String name, Path file, long size, Owner owner,
                                int mode) throws IOException {
        out.putArchiveEntry(entry(name, size, owner, mode));
        Files.copy(file, out);
        out.closeArchiveEntry();
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
