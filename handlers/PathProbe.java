package io.snapdock.handlers;

import io.snapdock.SnapdockException;
import io.snapdock.exec.CommandRunner;
import io.snapdock.exec.Commands;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Whether a path inside a store's running container is missing, empty (a folder with no entry, a
 * file of 0 bytes) or holds something: asked through a POSIX shell run as root in the container
 * (no other tool needed in its image; root, so a folder only its owner may read is never taken
 * for a missing one). For the emptiness checks of the stores kept as files (a folder, SQLite).
 */
public final class PathProbe {

    /** What a path holds. */
    public enum State {
        MISSING, EMPTY, NOT_EMPTY
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /**
     * Prints missing, empty or full for "$1". A folder is full as soon as one entry (hidden ones
     * included) is found; the globs are the shell's own, so nothing but sh runs.
     */
    static final String SCRIPT = "if [ ! -e \"$1\" ] && [ ! -L \"$1\" ]; then echo missing;"
            + " elif [ -d \"$1\" ]; then cd \"$1\" || exit 3;"
            + " for f in * .[!.]* ..?*; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then echo full; exit 0; fi; done;"
            + " echo empty;"
            + " elif [ -s \"$1\" ]; then echo full; else echo empty; fi";

    private PathProbe() {
    }

    /** The command that asks about {@code path}. */
    static List<String> command(String path) {
        return List.of("sh", "-c", SCRIPT, "sh", path);
    }

    /** The state the script printed; anything else is an error (the shell or the path could not be read). */
    static State parse(String output, String path) {
        return switch (output.strip()) {
            case "missing" -> State.MISSING;
            case "empty" -> State.EMPTY;
            case "full" -> State.NOT_EMPTY;
            default -> throw SnapdockException.failed("cannot tell what " + path + " holds: " + output.strip());
        };
    }

    /** What {@code path} holds in the store's container (which must run). */
    public static State of(StoreContext ctx, String path) throws IOException {
        CommandRunner root = ctx.requireDocker("must run in a container to look at " + path)
                .exec(ctx.spec().container(), ctx.spec().containerName(), "0");
        return parse(Commands.capture(root, "looking at " + path + " in " + ctx.spec().name(), command(path),
                Map.of(), TIMEOUT), path);
    }

    /** True when every one of {@code paths} is missing or empty. */
    public static boolean allEmpty(StoreContext ctx, String... paths) throws IOException {
        for (String p : paths) {
            if (of(ctx, p) == State.NOT_EMPTY) {
                return false;
            }
        }
        return true;
    }
}
