package io.snapdock.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** How the guard reads credentials: bearer tokens everywhere, HTTP Basic (token as password) on Jolokia only. */
class HttpGuardTest {

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theBasicPasswordIsTheTokenWhateverTheUserName() {
        assertThat(HttpGuard.basicPassword(basic("hawtio:7d3ce1"))).isEqualTo("7d3ce1");
        assertThat(HttpGuard.basicPassword(basic("ops:7d3ce1"))).isEqualTo("7d3ce1");
        assertThat(HttpGuard.basicPassword(basic(":7d3ce1"))).isEqualTo("7d3ce1");
        assertThat(HttpGuard.basicPassword("basic " + Base64.getEncoder().encodeToString("u:p:q".getBytes())))
                .isEqualTo("p:q");
    }

    @Test
    void malformedOrEmptyBasicCredentialsAreNone() {
        assertThat(HttpGuard.basicPassword(null)).isNull();
        assertThat(HttpGuard.basicPassword("Basic")).isNull();
        assertThat(HttpGuard.basicPassword("Basic !!!not-base64")).isNull();
        assertThat(HttpGuard.basicPassword(basic("no-colon"))).isNull();
        assertThat(HttpGuard.basicPassword(basic("user:"))).isNull();
        assertThat(HttpGuard.basicPassword("Bearer 7d3ce1")).isNull();
        assertThat(HttpGuard.bearer(basic("user:7d3ce1"))).isNull();
    }

    @Test
    void onlyJolokiaTakesBasic() {
        assertThat(EndpointRoles.acceptsBasic("/observe/jolokia")).isTrue();
        assertThat(EndpointRoles.acceptsBasic("/observe/jolokia/")).isTrue();
        assertThat(EndpointRoles.acceptsBasic("/observe/jolokia/read/java.lang:type=Memory")).isTrue();
        assertThat(EndpointRoles.acceptsBasic("/observe/jolokiax")).isFalse();
        assertThat(EndpointRoles.acceptsBasic("/api/restores")).isFalse();
        assertThat(EndpointRoles.acceptsBasic("/api/runs")).isFalse();
        assertThat(EndpointRoles.acceptsBasic("/observe/metrics")).isFalse();
        assertThat(EndpointRoles.acceptsBasic("/")).isFalse();
    }

    @Test
    void aRequestFromAnotherSitesPageIsCrossSite() {
        assertThat(HttpGuard.crossSite(null)).isFalse();            // not a browser, or an old one
        assertThat(HttpGuard.crossSite("same-origin")).isFalse();
        assertThat(HttpGuard.crossSite("none")).isFalse();          // typed into the address bar
        assertThat(HttpGuard.crossSite("same-site")).isTrue();      // another port of the same host, too
        assertThat(HttpGuard.crossSite("cross-site")).isTrue();
    }
}
