package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;

/** The one place that decides whether a repository key is acceptable. */
public final class Keys {

    /**
     * The folder of the packs, the bulk of a repository. The content layer lays them out there; the
     * backend knows only the name, to give them (and nothing else) the configured storage class.
     */
    public static final String DATA = "data/";

    private Keys() {
    }

    /** Refuses empty segments, '.', '..', backslashes, control characters and absolute keys. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw SnapdockException.badInput("invalid repository key '" + key + "'");
        }
        String[] parts = key.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean lastOfPrefix = i == parts.length - 1 && p.isEmpty() && key.endsWith("/");
            if (lastOfPrefix) {
                continue;
            }
            if (p.isEmpty() || p.equals(".") || p.equals("..") || p.chars().anyMatch(Character::isISOControl)) {
                throw SnapdockException.badInput("invalid repository key '" + key + "'");
            }
        }
        return key;
    }
}
