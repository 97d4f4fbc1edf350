package io.snapdock.handlers.mariadb;

import io.snapdock.config.Secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The client's {@code ERROR nnnn (state) at line n: …} lines, split into tolerated and fatal. */
final class ErrorTally {

    /** Errors a users.sql load may meet without failing: a grant on a table / routine that is not there. */
    static final Set<Integer> MISSING_OBJECT_ERRORS = Set.of(1146, 1305);

    private static final Pattern ERROR = Pattern.compile("^ERROR (\\d+)(?: \\(\\w+\\))?(?: at line \\d+)?: .*");
    private static final int KEEP = 5;
    private int skipped;
    private int failed;
    private final List<String> skippedMessages = new ArrayList<>();
    private final List<String> failedMessages = new ArrayList<>();

    synchronized void accept(String line) {
        Matcher m = ERROR.matcher(line.strip());
        if (!m.matches()) {
            return;
        }
        String msg = Secrets.redact(line.strip());
        if (MISSING_OBJECT_ERRORS.contains(Integer.parseInt(m.group(1)))) {
            if (skipped++ < KEEP) {
                skippedMessages.add(msg);
            }
        } else if (failed++ < KEEP) {
            failedMessages.add(msg);
        }
    }

    synchronized int skipped() {
        return skipped;
    }

    synchronized int failed() {
        return failed;
    }

    synchronized List<String> skippedMessages() {
        return List.copyOf(skippedMessages);
    }

    synchronized List<String> failedMessages() {
        List<String> out = new ArrayList<>(failedMessages);
        if (failed > KEEP) {
            out.add("(" + (failed - KEEP) + " more)");
        }
        return out;
    }
}
