package io.snapdock.exec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Runs a store's own tools (pg_dump, psql …): inside the store's container through the
 * Docker API, or as a local process for a store reached over the network. Handlers only see
 * this interface, so the same handler code works for both.
 */
public interface CommandRunner {

    /** Starts {@code argv}; {@code env} holds secrets such as PGPASSWORD and is never logged. */
    RunningCommand start(List<String> argv, Map<String, String> env, boolean withStdin) throws IOException;

    /** Where commands run, for messages and the manifest ("container pg-1", "local"). */
    String describe();
}
