package io.snapdock.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value Snapdock has loaded (passwords, S3 keys), so that text coming from the
 * outside world — a tool's stderr, an exception message — can be cleaned before it is logged,
 * stored in a run record or returned by the API.
 */
public final class Secrets {

    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    public static void register(String secret) {
        if (secret != null && secret.length() >= 3) {
            VALUES.add(secret);
        }
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        // Longest first: a secret that is part of another must not be replaced first and leak the rest.
        for (String s : VALUES.stream().sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(s, "***");
        }
        return out;
    }

    /** One line for an operator about a failure: the SnapdockException's message, or the root cause's; secrets redacted. */
    public static String describe(Throwable t) {
        io.snapdock.SnapdockException se = io.snapdock.SnapdockException.find(t);
        if (se != null) {
            return redact(se.getMessage());
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return redact(c.getClass().getSimpleName() + ": " + io.snapdock.SnapdockException.rootMessage(c));
    }
}
