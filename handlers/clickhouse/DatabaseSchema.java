package io.snapdock.handlers.clickhouse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.snapdock.SnapdockException;
import io.snapdock.model.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code db-<name>.schema.json} of the per-table method: one database's tables as the server
 * described them ({@code SHOW CREATE TABLE}), each with its engine and the artifact holding its
 * rows (none for views and for engines that hold no rows of their own).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
final class DatabaseSchema {

    static final int FORMAT = 1;
    /** A schema is small; anything beyond this is not one. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    public int format = FORMAT;
    public String database;
    public String serverVersion;
    public List<Table> tables = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Table {
        public String name;
        public String engine;
        public String create;
        /** The artifact holding its rows (Native format), or null. */
        public String artifact;

        boolean isView() {
            return "View".equals(engine);
        }

        boolean isMaterializedView() {
            return "MaterializedView".equals(engine);
        }
    }

    byte[] toJson() {
        return Json.write(this).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads a schema; one that is not whole fails naming what is wrong. */
    static DatabaseSchema read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw SnapdockException.failed("larger than " + MAX_BYTES + " bytes: not a schema");
        }
        DatabaseSchema s;
        try {
            s = Json.MAPPER.readValue(bytes, DatabaseSchema.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw SnapdockException.failed("not a schema: " + e.getOriginalMessage());
        }
        if (s == null || s.database == null || s.database.isEmpty() || s.tables == null) {
            throw SnapdockException.failed("no database or no table list");
        }
        for (Table t : s.tables) {
            if (t == null || t.name == null || t.name.isEmpty() || t.engine == null || t.create == null
                    || !t.create.stripLeading().regionMatches(true, 0, "CREATE ", 0, 7)) {
                throw SnapdockException.failed("table entry " + s.tables.indexOf(t)
                        + " lacks its name, engine or CREATE statement");
            }
        }
        return s;
    }
}
