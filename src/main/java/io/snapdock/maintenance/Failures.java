package io.snapdock.maintenance;

import io.snapdock.SnapdockException;
import io.snapdock.config.Secrets;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Sorts database errors into transient (retried) and permanent (failed at once). */
public final class Failures {

    /** SQLSTATEs that say "try again later" rather than "this is wrong". */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57014",  // query_canceled: statement_timeout
            "55P03",  // lock_not_available: lock_timeout
            "40001",  // serialization_failure
            "40P01",  // deadlock_detected
            "53300",  // too_many_connections
            "57P01", "57P02", "57P03"); // admin shutdown, crash shutdown, cannot connect now

    private Failures() {
    }

    public static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof SocketTimeoutException
                    || c instanceof SQLTransientException) {
                return true;
            }
            if (c instanceof SQLException se && se.getSQLState() != null
                    && (se.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(se.getSQLState()))) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** The exception to throw for {@code e} while doing {@code what}: transient or permanent, secrets redacted. */
    public static RuntimeException of(String what, SQLException e) {
        String message = Secrets.redact(what + ": " + SnapdockException.rootMessage(e));
        if (isTransient(e)) {
            return new TransientFailure(message, e);
        }
        return new SnapdockException(SnapdockException.Kind.FAILED, message, e);
    }
}
