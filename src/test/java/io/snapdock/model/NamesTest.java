package io.snapdock.model;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"main", "pg-1.prod_x", "A", "9lives"})
    void acceptsStoreNames(String name) {
        assertThat(Names.requireStoreName(name)).isEqualTo(name);
        assertThat(Names.isStoreName(name)).isTrue();
    }

    @Test
    void acceptsAStoreNameOf63Characters() {
        String name = "a".repeat(63);
        assertThat(Names.requireStoreName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "..", "a..b", ".hidden", "-x", "_x", "a b", "a\\b", "", "ä"})
    void refusesBadStoreNames(String name) {
        assertThatThrownBy(() -> Names.requireStoreName(name))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("invalid store name");
        assertThat(Names.isStoreName(name)).isFalse();
    }

    @Test
    void refusesAStoreNameOf64CharactersAndNull() {
        assertThatThrownBy(() -> Names.requireStoreName("a".repeat(64))).isInstanceOf(SnapdockException.class);
        assertThatThrownBy(() -> Names.requireStoreName(null)).isInstanceOf(SnapdockException.class);
        assertThat(Names.isStoreName(null)).isFalse();
    }

    @Test
    void fileSafeKeepsSafeCharacters() {
        assertThat(Names.fileSafe("app_DB-1.v2")).isEqualTo("app_DB-1.v2");
    }

    @Test
    void fileSafeEncodesEverythingElse() {
        assertThat(Names.fileSafe("a/b")).isEqualTo("a%2Fb");
        assertThat(Names.fileSafe("my db")).isEqualTo("my%20db");
        assertThat(Names.fileSafe("100%")).isEqualTo("100%25");
        assertThat(Names.fileSafe(".hidden")).isEqualTo("%2Ehidden");
        assertThat(Names.fileSafe("..")).isEqualTo("%2E.");
        assertThat(Names.fileSafe("é")).isEqualTo("%C3%A9");
        assertThat(Names.fileSafe("日本")).isEqualTo("%E6%97%A5%E6%9C%AC");
    }

    @Test
    void fileSafeNeverProducesAPathOrCollidesWithAnEncodedName() {
        for (String s : new String[]{"../../etc/passwd", "a\\b", "x\u0000y", "€ 5", "..."}) {
            assertThat(Names.fileSafe(s)).matches("[A-Za-z0-9_%-][A-Za-z0-9_.%-]*").doesNotContain("/");
        }
        assertThat(Names.fileSafe("a b")).isNotEqualTo(Names.fileSafe("a%20b"));
    }
}
