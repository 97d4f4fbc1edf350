package io.snapdock.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets is global: every value here is unique to this class so other tests are unaffected. */
class SecretsTest {

    @Test
    void replacesEveryOccurrenceOfARegisteredSecret() {
        Secrets.register("S3cr3t-SecretsTest-1");
        assertThat(Secrets.redact("FATAL: password S3cr3t-SecretsTest-1 rejected (S3cr3t-SecretsTest-1)"))
                .isEqualTo("FATAL: password *** rejected (***)");
    }

    @Test
    void leavesOtherTextAndNullAlone() {
        assertThat(Secrets.redact("nothing secret here")).isEqualTo("nothing secret here");
        assertThat(Secrets.redact(null)).isNull();
    }

    @Test
    void ignoresNullAndVeryShortValues() {
        Secrets.register(null);
        Secrets.register("Qz");
        assertThat(Secrets.redact("Qz is too short to be worth hiding"))
                .isEqualTo("Qz is too short to be worth hiding");
    }

    @Test
    void neverLeaksPartOfALongerSecret() {
        Secrets.register("ovLp-SecretsTest");
        Secrets.register("ovLp-SecretsTest-and-more");
        assertThat(Secrets.redact("pw=ovLp-SecretsTest-and-more")).isEqualTo("pw=***");
    }
}
