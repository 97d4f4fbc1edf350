package io.snapdock.cli;

import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;

/** {@code --from primary|replica} of the commands that read the repository. */
final class SourceOption {

    @Option(names = "--from", paramLabel = "SOURCE", description = "primary or replica (default: the primary, or the replica when the primary is unreachable).")
    String from;

    /** The headers of a read: the source when one is named, and the stamp when there is one. */
    Map<String, Object> headers(String stamp) {
        Map<String, Object> h = new HashMap<>();
        if (from != null) {
            h.put("from", from);
        }
        if (stamp != null) {
            h.put("stamp", stamp);
        }
        return h;
    }
}
