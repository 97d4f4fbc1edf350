package io.snapdock.handlers.mariadb;

import io.snapdock.SnapdockException;
import io.snapdock.exec.RunningCommand;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler.ArtifactSource;
import io.snapdock.model.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.snapdock.handlers.mariadb.MariadbClient.*;
import static io.snapdock.handlers.mariadb.MariadbCommands.*;

/** users.sql at restore time: one pass of it, with the admin of existing roles lent for its duration. */
final class UsersRestore {

    private static final Logger LOG = LoggerFactory.getLogger(MariadbHandler.class);

    private UsersRestore() {
    }

    /** One pass of users.sql; on MariaDB with the admin of existing roles lent for its duration. */
    static ErrorTally restoreUsers(StoreContext ctx, Tools t, Manifest.Artifact users, ArtifactSource source,
                                   boolean mariadb) throws IOException {
        RoleAdmin lent = null;
        if (mariadb) {
            try {
                lent = lendRoleAdmin(ctx, t);
            } catch (IOException | RuntimeException e) {
                // An account that may not write mysql.* can still restore what it may grant itself.
                LOG.warn("Store {}: cannot lend the restoring account the admin of existing roles: {}",
                        ctx.spec().name(), e.getMessage());
            }
        }
        ErrorTally tally;
        try {
            tally = applyUsers(ctx, t, users, source);
        } catch (IOException | RuntimeException e) {
            if (lent != null) {
                try {
                    returnRoleAdmin(ctx, t, lent, users, source);
                } catch (IOException | RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            throw e;
        }
        if (lent != null) {
            returnRoleAdmin(ctx, t, lent, users, source);
        }
        return tally;
    }

    /**
     * MariaDB lets only a role's admins grant it, whatever their other privileges: restoring
     * {@code GRANT analyst TO report@'%'} as root@localhost fails when the role was created by
     * root@'%'. (mariadb-dump's own import role only covers roles it creates.) So the
     * restoring account is made an admin of every existing role it does not administer, in
     * mysql.roles_mapping, for the duration of each users.sql pass, and that is undone after.
     */
    record RoleAdmin(String user, String host, Map<String, String> previous) {
    }

    private static RoleAdmin lendRoleAdmin(StoreContext ctx, Tools t) throws IOException {
        String me = unhex(sql(ctx, t, "SELECT HEX(CURRENT_USER())").strip());
        int at = me.lastIndexOf('@');
        String user = me.substring(0, Math.max(at, 0));
        String host = me.substring(at + 1);
        Map<String, String> previous = new LinkedHashMap<>();
        for (List<String> r : rows(sql(ctx, t, "SELECT HEX(r.User), (SELECT m.Admin_option FROM mysql.roles_mapping m"
                + " WHERE m.Role = r.User AND m.User = " + literal(user) + " AND m.Host = " + literal(host) + ")"
                + " FROM mysql.user r WHERE r.is_role = 'Y'"))) {
            String option = r.size() > 1 ? r.get(1) : "NULL";
            if (!"Y".equals(option)) {
                previous.put(unhex(r.get(0)), "NULL".equals(option) ? null : option);
            }
        }
        if (previous.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String role : previous.keySet()) {
            sb.append("INSERT INTO mysql.roles_mapping (Host, User, Role, Admin_option) VALUES (").append(literal(host))
                    .append(", ").append(literal(user)).append(", ").append(literal(role))
                    .append(", 'Y') ON DUPLICATE KEY UPDATE Admin_option = 'Y'; ");
        }
        sql(ctx, t, sb + "FLUSH PRIVILEGES");
        LOG.info("Store {}: {} is admin of role(s) {} while users are restored", ctx.spec().name(), me,
                previous.keySet());
        return new RoleAdmin(user, host, previous);
    }

    /** Takes the lent admin rights back, except where the snapshot itself grants the role to the restoring account. */
    private static void returnRoleAdmin(StoreContext ctx, Tools t, RoleAdmin lent, Manifest.Artifact users,
                                        ArtifactSource source) throws IOException {
        Map<String, String> wanted = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(source.open(users), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                for (String role : lent.previous().keySet()) {
                    String granted = roleGrantIn(line, role, lent.user(), lent.host());
                    if (granted != null && !"Y".equals(wanted.get(role))) {
                        wanted.put(role, granted);
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : lent.previous().entrySet()) {
            String role = e.getKey();
            String option = "Y".equals(wanted.get(role)) ? "Y"
                    : wanted.containsKey(role) || e.getValue() != null ? "N" : null;
            String where = " WHERE Host = " + literal(lent.host()) + " AND User = " + literal(lent.user())
                    + " AND Role = "
                    + literal(role) + "; ";
            if (option == null) {
                sb.append("DELETE FROM mysql.roles_mapping").append(where);
            } else if (option.equals("N")) {
                sb.append("UPDATE mysql.roles_mapping SET Admin_option = 'N'").append(where);
            }
        }
        sql(ctx, t, sb + "FLUSH PRIVILEGES");
    }

    /**
     * Whether a users.sql line grants {@code role} to {@code user@host}: "Y" with the admin
     * option, "N" without, null when it does not.
     */
    static String roleGrantIn(String line, String role, String user, String host) {
        String l = line.strip();
        for (char q : new char[]{'`', '\''}) {
            String qq = String.valueOf(q);
            String grant = "GRANT " + q + role.replace(qq, qq + qq) + q + " TO " + q + user.replace(qq, qq + qq) + q
                    + "@" + q + host.replace(qq, qq + qq) + q;
            int i = l.indexOf(grant);
            if (i >= 0 && (i == 0 || l.startsWith("/*M!"))) {
                return l.substring(i + grant.length()).startsWith(" WITH ADMIN OPTION") ? "Y" : "N";
            }
        }
        return null;
    }

    /**
     * Applies users.sql with --force, the client's stderr merged into its stdout so that every
     * error line is read (not just a tail); fails on any error but a missing table/routine.
     */
    private static ErrorTally applyUsers(StoreContext ctx, Tools t, Manifest.Artifact a,
                                         ArtifactSource source) throws IOException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" 2>&1"));
        argv.addAll(loadCommand(t, ctx.spec(), null, true));
        ErrorTally tally = new ErrorTally();
        try (InputStream in = source.open(a);
             RunningCommand cmd = ctx.runner().start(argv, env(ctx.spec()), true)) {
            Thread reader = readLines(cmd.stdout(), tally::accept);
            FedDump fed = FedDump.feed(in, cmd.stdin());
            int code = cmd.waitFor(ctx.timeout());
            join(reader);
            if (tally.failed() > 0) {
                throw SnapdockException.failed("restoring users of " + ctx.spec().name() + " failed: "
                        + String.join(" | ", tally.failedMessages()));
            }
            if (code != 0 || !fed.complete()) {
                throw SnapdockException.failed("restoring users of " + ctx.spec().name() + " failed ("
                        + t.client() + " exit " + code + "): " + RunningCommand.summary(cmd.stderr()));
            }
            fed.verify(a, "users of " + ctx.spec().name());
        }
        return tally;
    }
}
