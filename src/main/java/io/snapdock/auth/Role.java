package io.snapdock.auth;

import java.util.Locale;

/** What a token may do, each role including the ones before it: viewer < operator < admin. */
public enum Role {
    /** Reads: every GET under /api, the metrics. */
    VIEWER,
    /** Also starts backups, validations, repository checks, restore previews, maintenance. */
    OPERATOR,
    /** Everything: restores, deletions, Jolokia. */
    ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code name} (viewer, operator, admin), or null. */
    public static Role parse(String name) {
        for (Role r : values()) {
            if (r.label().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
