package io.snapdock.handlers.clickhouse;

import io.snapdock.SnapdockException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server's {@code SELECT version()} ("18.16.1", "23.8.2.7"), and what that release can do. */
record ClickhouseVersion(int major, int minor, String text) {

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+).*");

    static ClickhouseVersion parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = VERSION.matcher(t);
        if (!m.matches()) {
            throw SnapdockException.failed("unexpected ClickHouse version '" + t + "'");
        }
        return new ClickhouseVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), t);
    }

    /** {@code BACKUP DATABASE … TO File(…)} and {@code RESTORE}: usable from 22.8 (the first LTS that has them). */
    boolean hasBackupStatement() {
        return major > 22 || (major == 22 && minor >= 8);
    }
}
