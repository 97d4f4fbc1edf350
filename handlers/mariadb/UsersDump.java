package io.snapdock.handlers.mariadb;

import io.snapdock.exec.Commands;
import io.snapdock.handlers.StoreContext;
import io.snapdock.handlers.StoreHandler.BackupSink;
import io.snapdock.model.Manifest;
import io.snapdock.repo.snapshot.ArtifactOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.snapdock.handlers.mariadb.MariadbClient.*;
import static io.snapdock.handlers.mariadb.MariadbCommands.*;

/**
 * users.sql at backup time: {@code mariadb-dump --system=users} where the dump tool has it, else
 * built from {@code SHOW CREATE USER} and {@code SHOW GRANTS}.
 */
final class UsersDump {

    /** Accounts every server creates itself; never dumped by the SHOW GRANTS fallback. */
    static final Set<String> SYSTEM_ACCOUNTS = Set.of("mariadb.sys@localhost", "mysql.sys@localhost",
            "mysql.session@localhost", "mysql.infoschema@localhost");
    static final String MARK = "--snapdock-next--";

    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(2);

    private UsersDump() {
    }

    static boolean supportsSystemUsers(StoreContext ctx, Tools t) throws IOException {
        return Commands
                .capture(ctx.runner(), t.dump() + " --help", List.of(t.dump(), "--help"), Map.of(), QUERY_TIMEOUT)
                .contains("--system=");
    }

    /**
     * users.sql for servers whose dump tool has no --system=users (MySQL, MariaDB before
     * 10.2.37): every account's SHOW CREATE USER (as CREATE USER IF NOT EXISTS), then every
     * SHOW GRANTS, between a header and a trailer the check recognises. MariaDB roles are
     * created the way mariadb-dump does it: administered by a temporary import role, so that
     * loading the file grants them and leaves their admins as the snapshot recorded them
     * (rather than adding the restoring account). Streamed: nothing is held whole.
     */
    static void usersFromGrants(StoreContext ctx, Tools t, BackupSink sink, Manifest.Artifact artifact,
                                boolean mariadb, String serverVersion) throws IOException {
        String listing = mariadb
                ? "SELECT HEX(User), HEX(Host), is_role FROM mysql.user ORDER BY User, Host"
                : "SELECT HEX(User), HEX(Host), 'N' FROM mysql.user ORDER BY User, Host";
        List<String> users = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (List<String> r : rows(sql(ctx, t, listing))) {
            String user = unhex(r.get(0));
            String host = unhex(r.get(1));
            if (r.size() > 2 && "Y".equalsIgnoreCase(r.get(2))) {
                roles.add(ident(user));
            } else if (!SYSTEM_ACCOUNTS.contains(user + "@" + host)) {
                users.add(account(user, host));
            }
        }
        try (ArtifactOutput out = sink.open(artifact)) {
            write(out, usersHeader(ctx.spec().name(), serverVersion));
            if (!users.isEmpty()) {
                queryLines(ctx, t, showScript(users, "SHOW CREATE USER ", !mariadb), line -> {
                    if (!line.equals(MARK)) {
                        write(out, createUserIfNotExists(line) + ";\n");
                    }
                });
            }
            if (!roles.isEmpty()) {
                write(out, IMPORT_ROLE_BEGIN);
                for (String role : roles) {
                    write(out, "CREATE ROLE IF NOT EXISTS " + role + " WITH ADMIN " + IMPORT_ROLE + ";\n");
                }
            }
            List<String> all = new ArrayList<>(users);
            all.addAll(roles);
            if (!all.isEmpty()) {
                queryLines(ctx, t, showScript(all, "SHOW GRANTS FOR ", false), line -> {
                    if (!line.equals(MARK)) {
                        write(out, line + ";\n");
                    }
                });
            }
            if (!roles.isEmpty()) {
                write(out, IMPORT_ROLE_END);
            }
            write(out, "\n-- Dump completed\n");
            ctx.entry().artifacts.add(out.commit());
        }
    }

    static final String IMPORT_ROLE = "snapdock_import_role";
    static final String IMPORT_ROLE_BEGIN = "SELECT COALESCE(CURRENT_ROLE(), 'NONE') INTO @snapdock_role;\n"
            + "CREATE ROLE IF NOT EXISTS " + IMPORT_ROLE + ";\n"
            + "GRANT " + IMPORT_ROLE + " TO CURRENT_USER();\n"
            + "SET ROLE " + IMPORT_ROLE + ";\n";
    static final String IMPORT_ROLE_END = "SET ROLE NONE;\n"
            + "DROP ROLE " + IMPORT_ROLE + ";\n"
            + "EXECUTE IMMEDIATE CONCAT('SET ROLE ', @snapdock_role);\n";

    /** One SHOW statement per account, each answer followed by a marker row. */
    static String showScript(List<String> accounts, String show, boolean mysqlHexAuth) {
        // MySQL 8.0.17+: hashes with unprintable bytes come out as hex literals.
        StringBuilder sb = new StringBuilder(
                mysqlHexAuth ? "/*!80017 SET SESSION print_identified_with_as_hex = 1 */;\n" : "");
        for (String a : accounts) {
            sb.append(show).append(a).append(";\nSELECT '").append(MARK).append("';\n");
        }
        return sb.toString();
    }

    static String usersHeader(String store, String serverVersion) {
        return "-- Snapdock users dump: accounts and grants of " + store + " from SHOW CREATE USER and SHOW GRANTS\n"
                + "-- Server version\t" + serverVersion + "\n\n"
                + "/*!40101 SET NAMES utf8mb4 */;\n";
    }

    /** SHOW CREATE USER's statement, made idempotent. */
    static String createUserIfNotExists(String statement) {
        return statement.replaceFirst("^(?i)CREATE USER (?!IF NOT EXISTS)", "CREATE USER IF NOT EXISTS ");
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
