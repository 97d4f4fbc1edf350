package io.snapdock.model;

import io.snapdock.SnapdockException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StampTest {

    @Test
    void acceptsAValidStamp() {
        assertThat(Stamp.require("20260407T060000Z")).isEqualTo("20260407T060000Z");
        assertThat(Stamp.isValid("20260407T060000Z")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-04-07T06:00:00Z", "20260407T060000", "20260407t060000z", "/", "..",
            "../20260407T060000Z", "20260407T060000Z/..", " 20260407T060000Z"})
    void refusesMalformedStamps(String stamp) {
        assertThatThrownBy(() -> Stamp.require(stamp))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("malformed stamp");
        assertThat(Stamp.isValid(stamp)).isFalse();
    }

    @Test
    void refusesAnImpossibleDate() {
        assertThatThrownBy(() -> Stamp.require("20261332T250000Z"))
                .isInstanceOfSatisfying(SnapdockException.class,
                        e -> assertThat(e.kind()).isEqualTo(SnapdockException.Kind.BAD_INPUT))
                .hasMessageContaining("not a real date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20260231T000000Z", "20261231T240000Z"})
    void refusesDatesThatOnlyResolveLeniently(String stamp) {
        assertThat(Stamp.isValid(stamp)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void refusesABlankStamp(String stamp) {
        assertThatThrownBy(() -> Stamp.require(stamp))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("stamp is required");
    }

    @Test
    void keepsControlCharactersOutOfTheMessage() {
        assertThatThrownBy(() -> Stamp.require("evil\nline"))
                .hasMessageContaining("evil?line")
                .hasMessageNotContaining("\n");
    }

    @Test
    void ofAndToInstantRoundTripAtSecondPrecision() {
        Instant t = Instant.parse("2026-04-07T06:05:09.987Z");
        String stamp = Stamp.of(t);
        assertThat(stamp).isEqualTo("20260407T060509Z");
        assertThat(Stamp.toInstant(stamp)).isEqualTo(Instant.parse("2026-04-07T06:05:09Z"));
        assertThat(Stamp.of(Stamp.toInstant(stamp))).isEqualTo(stamp);
        assertThat(Stamp.require(stamp)).isEqualTo(stamp);
    }
}
