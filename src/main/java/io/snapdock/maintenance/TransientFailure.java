package io.snapdock.maintenance;

/**
 * A failure worth trying again after a pause: the database could not be reached, a connection
 * broke, a statement or lock wait timed out, the server is starting or shutting down. The
 * maintenance routes redeliver these with backoff (routes/dead-letter.camel.yaml); anything
 * else (bad SQL, permission denied, a missing table) fails at once.
 */
public class TransientFailure extends RuntimeException {

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
