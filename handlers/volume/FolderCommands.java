package io.snapdock.handlers.volume;

import io.snapdock.SnapdockException;
import io.snapdock.handlers.StoreContext;

import java.util.List;

/** The folder a store names and the command that empties it in a sibling container. */
final class FolderCommands {

    private FolderCommands() {
    }

    /** The store's folder: absolute, not the root, without {@code ..}; no trailing slash. */
    static String path(StoreContext ctx) {
        String path = ctx.spec().option("path", null);
        if (path == null || !path.startsWith("/") || path.equals("/") || path.contains("/../")
                || path.endsWith("/..")) {
            throw SnapdockException
                    .badInput("store " + ctx.spec().name() + " needs an absolute folder: label snapdock.path"
                            + " or snapdock.stores." + ctx.spec().name() + ".path (got " + path + ")");
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The folder that holds {@code path} (where its archive is unpacked), with its trailing slash. */
    static String parentOf(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    /** Deletes {@code path} and everything in it (a folder a restore created, when that restore failed). */
    static List<String> removeCommand(String path) {
        return List.of("sh", "-c", "rm -rf \"$1\"", "sh", path);
    }

    /**
     * The folders above {@code path}, nearest first, without the root: {@code /a/b/c} gives
     * {@code /a/b}, {@code /a}.
     */
    static List<String> ancestors(String path) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
            out.add(path.substring(0, i));
        }
        return out;
    }

    /** Deletes everything in {@code path} but the folder itself (its owner and mode stay). */
    static List<String> emptyCommand(String path) {
        return List.of("sh", "-c", "find \"$1\" -mindepth 1 -delete", "sh", path);
    }
}
