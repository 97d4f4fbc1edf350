package io.snapdock;

/**
 * An error an operator can act on: bad input, a store or repository that cannot be reached,
 * a failed check. Its message is one line, names the problem and never holds a secret; the
 * CLI prints it without a stack trace and the API returns it with {@link #status()}.
 */
public class SnapdockException extends RuntimeException {

    /** What kind of problem it is; decides the CLI exit code and the HTTP status. */
    public enum Kind {
        BAD_INPUT(2, 400), NOT_FOUND(2, 404), CONFLICT(3, 409), UNAVAILABLE(4, 503), FAILED(1, 500);

        final int exitCode;
        final int httpStatus;

        Kind(int exitCode, int httpStatus) {
            this.exitCode = exitCode;
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;

    public SnapdockException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SnapdockException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static SnapdockException badInput(String message) {
        return new SnapdockException(Kind.BAD_INPUT, message);
    }

    public static SnapdockException notFound(String message) {
        return new SnapdockException(Kind.NOT_FOUND, message);
    }

    public static SnapdockException unavailable(String message, Throwable cause) {
        return new SnapdockException(Kind.UNAVAILABLE, message, cause);
    }

    /** Another run (this process's or another one's, here or on another host) holds the lock this one needs. */
    public static SnapdockException conflict(String message) {
        return new SnapdockException(Kind.CONFLICT, message);
    }

    public static SnapdockException failed(String message) {
        return new SnapdockException(Kind.FAILED, message);
    }

    public Kind kind() {
        return kind;
    }

    public int exitCode() {
        return kind.exitCode;
    }

    public int status() {
        return kind.httpStatus;
    }

    /** The message of the innermost cause of {@code t} (its class name when it has none). */
    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    /** The operator error inside {@code t} (Camel wraps exceptions), or null. */
    public static SnapdockException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SnapdockException se) {
                return se;
            }
        }
        return null;
    }
}
