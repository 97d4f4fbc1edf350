package io.snapdock.auth;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which role each HTTP endpoint needs: the whole access table in one place. Open (no token) are
 * only the dashboard's static files and the health checks. Anything the table does not name
 * needs {@link Role#VIEWER} to read and {@link Role#ADMIN} for any other method, so an endpoint
 * added later is protected before anyone thinks of it.
 */
public final class EndpointRoles {

    private record Rule(String method, Pattern path, Role role) {
        boolean matches(String m, String p) {
            return (method == null || method.equals(m)) && path.matcher(p).matches();
        }
    }

    private static final String SEGMENT = "[^/]+";
    private static final Pattern JOLOKIA = Pattern.compile("/observe/jolokia(/.*)?");
    private static final Pattern DASHBOARD_FILE = Pattern.compile("/dashboard/[A-Za-z0-9][A-Za-z0-9._-]*");

    /** First match wins. A {@code null} method matches every method. */
    private static final List<Rule> RULES = List.of(
            // Jolokia runs MBean operations (stop a route): admin, whatever the method.
            new Rule(null, JOLOKIA, Role.ADMIN),
            new Rule("GET", Pattern.compile("/observe/metrics"), Role.VIEWER),
            // Validation reads every artifact back and writes validation.json: a run (a GET there is 405).
            new Rule("POST", Pattern.compile("/api/backups/" + SEGMENT + "/validate"), Role.OPERATOR),
            new Rule("POST", Pattern.compile("/api/backups"), Role.OPERATOR),
            new Rule("POST", Pattern.compile("/api/check"), Role.OPERATOR),
            new Rule("POST", Pattern.compile("/api/restores/preview"), Role.OPERATOR),
            new Rule("POST", Pattern.compile("/api/maintenance/" + SEGMENT), Role.OPERATOR),
            // Copies valid snapshots to the replica: adds data, like a backup, deletes nothing.
            new Rule("POST", Pattern.compile("/api/replicate"), Role.OPERATOR),
            new Rule("POST", Pattern.compile("/api/restores"), Role.ADMIN),
            new Rule("GET", Pattern.compile("/api(/.*)?"), Role.VIEWER));

    private EndpointRoles() {
    }

    /**
     * Whether {@code path} is served to anyone: the dashboard page and its files (they hold no data;
     * the page's API calls carry the user's token) and the health checks (for orchestrators).
     */
    public static boolean isOpen(String method, String path) {
        if (!isRead(method)) {
            return false;
        }
        String p = trim(path);
        if (p.contains("..") || p.contains("%") || p.contains("//")) {
            return false;   // the server normalises paths first: whatever still looks odd is not waved through
        }
        return p.equals("/") || p.equals("/dashboard") || DASHBOARD_FILE.matcher(p).matches()
                || p.equals("/observe/health") || p.startsWith("/observe/health/");
    }

    /**
     * Whether {@code path} also takes HTTP Basic credentials with the token as the password: Jolokia
     * only, for Hawtio, whose connect dialog speaks nothing else. The API keeps to bearer tokens: a
     * browser sends remembered Basic credentials by itself, a bearer token only when a script adds it.
     */
    public static boolean acceptsBasic(String path) {
        return JOLOKIA.matcher(trim(path)).matches();
    }

    /** The role {@code method} on {@code path} needs (for a path that is not {@link #isOpen open}). */
    public static Role required(String method, String path) {
        String m = isRead(method) ? "GET" : method;
        String p = trim(path);
        for (Rule r : RULES) {
            if (r.matches(m, p)) {
                return r.role();
            }
        }
        return "GET".equals(m) ? Role.VIEWER : Role.ADMIN;
    }

    static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /** The HTTP server routes {@code /api/runs/} like {@code /api/runs}: so does the table. */
    private static String trim(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
