package io.snapdock.handlers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresHandlerTest {

    @Test
    void dbConnQuotesTheNameForLibpq() {
        assertThat(PostgresHandler.dbConn("app")).isEqualTo("--dbname=dbname='app'");
        assertThat(PostgresHandler.dbConn("my db")).isEqualTo("--dbname=dbname='my db'");
        assertThat(PostgresHandler.dbConn("it's")).isEqualTo("--dbname=dbname='it\\'s'");
        assertThat(PostgresHandler.dbConn("a\\b")).isEqualTo("--dbname=dbname='a\\\\b'");
        assertThat(PostgresHandler.dbConn("x\\' host=evil"))
                .isEqualTo("--dbname=dbname='x\\\\\\' host=evil'");
    }

    @Test
    void identDoublesDoubleQuotes() {
        assertThat(PostgresHandler.ident("app")).isEqualTo("\"app\"");
        assertThat(PostgresHandler.ident("My \"Db\"")).isEqualTo("\"My \"\"Db\"\"\"");
    }

    @Test
    void literalDoublesSingleQuotes() {
        assertThat(PostgresHandler.literal("o'brien")).isEqualTo("'o''brien'");
        assertThat(PostgresHandler.literal("plain")).isEqualTo("'plain'");
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
            String aside = PostgresHandler.asideName(db);
            assertThat(aside.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
            assertThat(aside).matches("[a-z0-9_]+").isEqualTo(PostgresHandler.asideName(db)).isNotEqualTo(db);
        }
        assertThat(PostgresHandler.asideName("app")).isNotEqualTo(PostgresHandler.asideName("app2"));
    }

    @Test
    void registeredUnderPostgresAndPostgresql() {
        HandlerRegistry r = HandlerRegistry.defaults();
        assertThat(r.get("postgres")).isSameAs(r.get("postgresql")).isInstanceOf(PostgresHandler.class);
        assertThat(r.supports("oracle")).isFalse();
    }
}
