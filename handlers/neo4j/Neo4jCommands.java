package io.snapdock.handlers.neo4j;

import io.snapdock.SnapdockException;
import io.snapdock.model.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The neo4j-admin command lines (each database name checked: it is one argument, never an option). */
final class Neo4jCommands {

    static final String DEFAULT_DATABASES = "neo4j,system";
    /** Neo4j database names: ASCII letters, digits, dots and dashes, starting with a letter or digit. */
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.\\-]{0,62}");

    private Neo4jCommands() {
    }

    /** The databases to dump, in the order given; each name checked (it is one argument, never an option). */
    static List<String> databases(String option) {
        String value = option == null || option.isBlank() ? DEFAULT_DATABASES : option;
        List<String> out = new ArrayList<>();
        for (String raw : value.split(",")) {
            String db = raw.trim();
            if (db.isEmpty()) {
                continue;
            }
            if (!DB_NAME.matcher(db).matches()) {
                throw SnapdockException.badInput("invalid Neo4j database name '" + db + "' in option databases");
            }
            if (!out.contains(db)) {
                out.add(db);
            }
        }
        if (out.isEmpty()) {
            throw SnapdockException.badInput("option databases names no Neo4j database");
        }
        return out;
    }

    static List<String> dumpCommand(String db) {
        return List.of("neo4j-admin", "database", "dump", db, "--to-stdout");
    }

    static List<String> loadCommand(String db) {
        return List.of("neo4j-admin", "database", "load", db, "--from-stdin", "--overwrite-destination=true");
    }

    static List<String> versionCommand() {
        return List.of("neo4j-admin", "--version");
    }

    static String artifactName(String db) {
        return "db-" + Names.fileSafe(db) + ".dump";
    }

    /** Load order: system first (users, roles and the database registry), then the rest as dumped. */
    static List<String> loadOrder(List<String> dbs) {
        List<String> out = new ArrayList<>();
        if (dbs.contains("system")) {
            out.add("system");
        }
        dbs.stream().filter(d -> !d.equals("system")).forEach(out::add);
        return out;
    }
}
