package io.snapdock.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The access table: who may call what. */
class EndpointRolesTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /api/backups, VIEWER",
            "GET, /api/backups/20261122T010000Z, VIEWER",
            "GET, /api/runs, VIEWER",
            "GET, /api/runs/, VIEWER",
            "GET, /api/runs/0d7c, VIEWER",
            "HEAD, /api/runs, VIEWER",
            "GET, /api/failures, VIEWER",
            "GET, /api/openapi.json, VIEWER",
            "GET, /api/something-added-later, VIEWER",
            "GET, /observe/metrics, VIEWER",
            "GET, /api/backups/20261122T010000Z/validate, VIEWER",
            "POST, /api/backups/20261122T010000Z/validate, OPERATOR",
            "POST, /api/backups/20261122T010000Z/validate/, OPERATOR",
            "POST, /api/backups, OPERATOR",
            "POST, /api/backups/, OPERATOR",
            "POST, /api/check, OPERATOR",
            "POST, /api/restores/preview, OPERATOR",
            "POST, /api/maintenance/cleanup, OPERATOR",
            "POST, /api/maintenance/repack, OPERATOR",
            "POST, /api/replicate, OPERATOR",
            "POST, /api/restores, ADMIN",
            "POST, /api/restores/, ADMIN",
            "POST, /api/prune, ADMIN",
            "DELETE, /api/backups/20261122T010000Z, ADMIN",
            "PUT, /api/backups, ADMIN",
            "PATCH, /api/runs/1, ADMIN",
            "OPTIONS, /api/backups, ADMIN",
            "POST, /api/maintenance/cleanup/extra, ADMIN",
            "GET, /observe/jolokia, ADMIN",
            "GET, /observe/jolokia/read/java.lang:type=Memory, ADMIN",
            "POST, /observe/jolokia, ADMIN",
            "POST, /observe/metrics, ADMIN",
            "GET, /q/dev, VIEWER",
            "POST, /anything/else, ADMIN",
            "POST, /, ADMIN"})
    void eachEndpointNeedsItsRole(String method, String path, Role role) {
        assertThat(EndpointRoles.isOpen(method, path)).isFalse();
        assertThat(EndpointRoles.required(method, path)).isEqualTo(role);
    }

    @ParameterizedTest(name = "{0} {1} is open")
    @CsvSource({
            "GET, /",
            "GET, /dashboard",
            "GET, /dashboard/",
            "GET, /dashboard/dashboard.js",
            "HEAD, /dashboard/dashboard.css",
            "GET, /observe/health",
            "GET, /observe/health/ready",
            "GET, /observe/health/live"})
    void theDashboardFilesAndHealthAreOpen(String method, String path) {
        assertThat(EndpointRoles.isOpen(method, path)).isTrue();
    }

    @ParameterizedTest(name = "{0} {1} is not open")
    @CsvSource({
            "POST, /dashboard",
            "POST, /observe/health",
            "DELETE, /",
            "GET, /dashboard/../api/runs",
            "GET, /dashboard/%2e%2e/api",
            "GET, /dashboard/sub/file.js",
            "GET, /observe/health/../jolokia",
            "GET, /observe/healthz",
            "GET, /api/backups",
            "GET, /observe/metrics",
            "GET, //api/runs"})
    void nothingElseIsOpen(String method, String path) {
        assertThat(EndpointRoles.isOpen(method, path)).isFalse();
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.ADMIN.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
    }
}
