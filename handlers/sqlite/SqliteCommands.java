package io.snapdock.handlers.sqlite;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.sqlite.SqliteCommands.FileInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The sqlite3, stat and rm command lines run in the application's container, the answers they
 * give, and the paths they work on.
 */
final class SqliteCommands {

    /** The companion files of a database that belong to that database only. */
    static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");

    private SqliteCommands() {
    }

    /** The database file: an absolute path to a file (not a folder) without {@code ..}. */
    static String path(String name, String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/") || path.contains("/../") || path.endsWith("/..")
                || path.contains("\0")) {
            throw SnapdockException.badInput("store " + name + " needs the absolute path of its SQLite database file:"
                    + " label snapdock.path or snapdock.stores." + name + ".path (got " + path + ")");
        }
        return path;
    }

    static String path(StoreContext ctx) {
        return path(ctx.spec().name(), ctx.spec().option("path", null));
    }

    /** A fresh name for the consistent copy inside the container. */
    static String tempPath() {
        return "/tmp/snapdock-" + UUID.randomUUID().toString().replace("-", "") + ".db";
    }

    /** The online backup: a read transaction first, so the backup API copies one snapshot to its end. */
    static List<String> backupCommand(String path, String temp) {
        return List.of("sqlite3", "-bail", path, ".timeout 60000", "BEGIN", "SELECT count(*) FROM sqlite_master",
                ".backup " + quoteDot(temp));
    }

    static List<String> integrityCommand(String path) {
        return List.of("sqlite3", "-bail", path, ".timeout 60000", "PRAGMA integrity_check");
    }

    static List<String> cleanupCommand(String temp) {
        List<String> argv = new ArrayList<>(List.of("rm", "-f", temp));
        COMPANIONS.forEach(c -> argv.add(temp + c));
        return argv;
    }

    static List<String> removeCompanionsCommand(String path) {
        List<String> argv = new ArrayList<>(List.of("rm", "-f"));
        COMPANIONS.forEach(c -> argv.add(path + c));
        return argv;
    }

    /** A path as one argument of a sqlite3 dot-command (double quotes, backslash escapes). */
    static String quoteDot(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static List<String> statCommand(String path) {
        return List.of("stat", "-L", "-c", "%u:%g:%a:%F", path);
    }

    /** Owner, group and permission bits of a file. */
    record FileInfo(int uid, int gid, int mode, boolean regularFile) {
        String user() {
            return uid + ":" + gid;
        }
    }

    /** Parses {@code stat -c %u:%g:%a:%F} output ("1000:1000:640:regular file"). */
    static FileInfo parseStat(String out) {
        String[] p = out.strip().split(":", 4);
        if (p.length != 4) {
            throw SnapdockException.failed("unexpected stat output: " + out.strip());
        }
        try {
            return new FileInfo(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2], 8),
                    p[3].startsWith("regular"));
        } catch (NumberFormatException e) {
            throw SnapdockException.failed("unexpected stat output: " + out.strip());
        }
    }

    /** True when integrity_check's answer is exactly "ok". */
    static boolean integrityOk(String output) {
        return output != null && output.strip().equals("ok");
    }

    /** The library version from {@code sqlite3 -version} ("3.40.1 2022-12-28 …"). */
    static String version(String output) {
        String s = output == null ? "" : output.strip();
        int sp = s.indexOf(' ');
        return sp > 0 ? s.substring(0, sp) : s;
    }

    /** True when the exec failed because the container has no such program. */
    static boolean missingTool(int exitCode, String output) {
        String o = output == null ? "" : output;
        return exitCode == 126 || exitCode == 127 || o.contains("executable file not found")
                || o.contains("not found in $PATH")
                || o.contains("no such file or directory");
    }

    static String noSqlite3(String store, String container) {
        return "container " + container + " of store " + store
                + " has no sqlite3 tool, so its SQLite database cannot be"
                + " copied online: set snapdock.sqlite.tool-image to an image that has sqlite3 (it then runs in a"
                + " sibling container that mounts the same volumes), or label it snapdock.mode=stop to copy its data"
                + " folder while it is stopped (the folder method; set snapdock.path to the folder holding the database"
                + " and its -wal file), or add sqlite3 to its image";
    }

    /**
     * The online backup in one sibling container (whose /tmp is its own and gone with it): the
     * copy, its integrity check (exit 3 and the check's answer on stderr when it is not ok), then
     * the copy on stdout. The backup's own output never reaches stdout.
     */
    static List<String> siblingBackupCommand(String path, String temp) {
        String script = "sqlite3 -bail \"$1\" '.timeout 60000' BEGIN 'SELECT count(*) FROM sqlite_master' \"$3\""
                + " >/dev/null || exit $?; "
                + "r=$(sqlite3 -bail \"$2\" '.timeout 60000' 'PRAGMA integrity_check') || { echo \"$r\" >&2; exit 1; }; "
                + "[ \"$r\" = ok ] || { echo \"$r\" | head -n 5 >&2; exit " + INTEGRITY_FAILED + "; }; "
                + "exec cat \"$2\"";
        return List.of("sh", "-c", script, "sqlite-backup", path, temp, ".backup " + quoteDot(temp));
    }

    /** The exit code of {@link #siblingBackupCommand} when the copy fails PRAGMA integrity_check. */
    static final int INTEGRITY_FAILED = 3;

    /** True when {@code path} lies on one of the container's mounts (volume or bind), so a sibling container sees it. */
    static boolean onMount(List<String> mountDestinations, String path) {
        for (String d : mountDestinations) {
            String dir = d.endsWith("/") ? d : d + "/";
            if (path.startsWith(dir) || d.equals("/")) {
                return true;
            }
        }
        return false;
    }

    static String parentOf(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
