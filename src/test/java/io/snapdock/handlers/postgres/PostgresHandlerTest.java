package io.snapdock.handlers.postgres;

import io.snapdock.handlers.HandlerRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresHandlerTest {

    @Test
    void theEmptinessCountsAreReadFromPsqlAndAnythingElseIsAnError() {
        assertThat(PostgresHandler.count("0\n")).isZero();
        assertThat(PostgresHandler.count(" 12 ")).isEqualTo(12);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PostgresHandler.count("ERROR: permission denied"))
                .hasMessageContaining("permission denied");
        assertThat(PostgresCommands.EXTRA_ROLES_SQL).contains("oid <> 10", "NOT LIKE 'pg\\_%'");
        assertThat(PostgresCommands.USER_OBJECTS_SQL).contains("pg_class", "pg_proc", "pg_type", "pg_namespace",
                "pg_extension");
    }

    @Test
    void dbConnQuotesTheNameForLibpq() {
        assertThat(PostgresCommands.dbConn("app")).isEqualTo("--dbname=dbname='app'");
        assertThat(PostgresCommands.dbConn("my db")).isEqualTo("--dbname=dbname='my db'");
        assertThat(PostgresCommands.dbConn("it's")).isEqualTo("--dbname=dbname='it\\'s'");
        assertThat(PostgresCommands.dbConn("a\\b")).isEqualTo("--dbname=dbname='a\\\\b'");
        assertThat(PostgresCommands.dbConn("x\\' host=evil"))
                .isEqualTo("--dbname=dbname='x\\\\\\' host=evil'");
    }

    @Test
    void identDoublesDoubleQuotes() {
        assertThat(PostgresCommands.ident("app")).isEqualTo("\"app\"");
        assertThat(PostgresCommands.ident("My \"Db\"")).isEqualTo("\"My \"\"Db\"\"\"");
    }

    @Test
    void literalDoublesSingleQuotes() {
        assertThat(PostgresCommands.literal("o'brien")).isEqualTo("'o''brien'");
        assertThat(PostgresCommands.literal("plain")).isEqualTo("'plain'");
    }

    @Test
    void unexpectedErrorsIgnoresAlreadyExistsAndKeepsTheRest() {
        String stderr = "psql:<stdin>:5: ERROR:  role \"app\" already exists\r\n"
                + "psql:<stdin>:7: NOTICE:  something harmless\n"
                + "psql:<stdin>:9: ERROR:  syntax error at or near \"x\"  \n"
                + "psql:<stdin>:12: ERROR:  permission denied to create role\n";
        assertThat(PostgresHandler.unexpectedErrors(stderr)).containsExactly(
                "psql:<stdin>:9: ERROR:  syntax error at or near \"x\"",
                "psql:<stdin>:12: ERROR:  permission denied to create role");
        assertThat(PostgresHandler.unexpectedErrors("")).isEmpty();
        assertThat(PostgresHandler.unexpectedErrors("ERROR:  tablespace \"t\" already exists")).isEmpty();
    }

    @Test
    void asideNameIsShortStableAndDistinct() {
        String longName = "d".repeat(63);
        for (String db : new String[]{"app", longName, "日本語のデータベース名", "we\"ird name"}) {
            String aside = PostgresCommands.asideName(db);
            assertThat(aside.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
            assertThat(aside).matches("[a-z0-9_]+").isEqualTo(PostgresCommands.asideName(db)).isNotEqualTo(db);
        }
        assertThat(PostgresCommands.asideName("app")).isNotEqualTo(PostgresCommands.asideName("app2"));
    }

    @Test
    void registeredUnderPostgresAndPostgresql() {
        HandlerRegistry r = io.snapdock.app.StoreTypes.registry();
        assertThat(r.get("postgres")).isSameAs(r.get("postgresql")).isInstanceOf(PostgresHandler.class);
        assertThat(r.supports("oracle")).isFalse();
    }
}
