package io.snapdock.repo.backend;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "snapshots/", "snapshots/20260407T060000Z/main/globals.sql", "a/.hidden", "a/b..c"})
    void acceptsRelativeKeysAndPrefixes(String key) {
        assertThat(Keys.check(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "a\\b", "a//b", "a//", "./a", "a/./b", "..", "../a", "a/..", "a/../b",
            "a/\nb", "a\u0000b", "a\u007fb"})
    void refusesKeysThatCouldEscapeOrAreAmbiguous(String key) {
        assertThatThrownBy(() -> Keys.check(key))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("invalid repository key");
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Keys.check(null)).isInstanceOf(SnapdockException.class);
    }
}
