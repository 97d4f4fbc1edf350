package io.snapdock.auth;

import io.snapdock.SnapdockException;
import io.snapdock.model.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The access check of every HTTP request Snapdock serves — the API, the dashboard, health,
 * metrics, Jolokia — run by the HTTP server itself before any route: it is installed as the
 * server's authentication handler on {@code /*}, so a route cannot forget it. The role each
 * request needs comes from {@link EndpointRoles}. With tokens configured, a request without a
 * known token gets 401, one whose token's role is too low 403; without tokens only loopback
 * callers are served (and {@link #checkBinding} refuses to listen anywhere else). The token is
 * removed from the request once checked, so no route, log line or run record ever sees it.
 */
public final class HttpGuard implements AuthenticationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGuard.class);

    private final Tokens tokens;

    HttpGuard(Tokens tokens) {
        this.tokens = tokens;
    }

    /**
     * Refuses a non-loopback address when no token is configured: an API that restores databases
     * is never served to the network without authentication.
     */
    public static void checkBinding(String host, Tokens tokens) {
        if (tokens.isEmpty() && !isLoopback(host)) {
            throw SnapdockException.badInput("refusing to listen on " + host
                    + " (snapdock.http.host) without API tokens:"
                    + " configure at least one snapdock.auth.tokens.NAME=ROLE:SHA256 (`snapdock token --role admin"
                    + " --name NAME` prints one), or keep snapdock.http.host on 127.0.0.1");
        }
    }

    /** Whether every address {@code host} names is a loopback one (an unknown name is not). */
    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host.trim())) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Puts the guard in front of Camel's HTTP servers (the main one and, when it has a port of its
     * own, the management one), now for those already created and later for any created after.
     * Refuses to go on when a server would listen beyond loopback without tokens.
     */
    public static void install(CamelContext context, Tokens tokens) {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (main != null) {
            guard(main.getConfiguration(), main.getHost(), tokens);
        }
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        if (management != null && (main == null || management.getPort() != main.getPort())) {
            // On the main server's port it is served by the main server (guarded above).
            guard(management.getConfiguration(), management.getHost(), tokens);
        }
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onServiceAdd(CamelContext ctx, Service service, org.apache.camel.Route route) {
                if (service instanceof MainHttpServer m) {
                    guard(m.getConfiguration(), m.getHost(), tokens);
                } else if (service instanceof ManagementHttpServer m) {
                    guard(m.getConfiguration(), m.getHost(), tokens);
                }
            }
        });
    }

    private static void guard(VertxPlatformHttpServerConfiguration configuration, String host, Tokens tokens) {
        checkBinding(host == null ? "0.0.0.0" : host, tokens);
        AuthenticationConfig auth = configuration.getAuthenticationConfig();
        if (auth.getEntries().stream().anyMatch(e -> "/*".equals(e.getPath())
                && e.getAuthenticationHandlerFactory() instanceof Factory)) {
            return;
        }
        AuthenticationConfig.AuthenticationConfigEntry entry = new AuthenticationConfig.AuthenticationConfigEntry();
        entry.setPath("/*");
        entry.setAuthenticationProviderFactory(vertx -> null);
        entry.setAuthenticationHandlerFactory(new Factory(new HttpGuard(tokens)));
        auth.getEntries().add(entry);
        auth.setEnabled(true);
        LOG.info("HTTP access on {}: {}", host, tokens.isEmpty() ? "no tokens configured, loopback callers only"
                : tokens.size() + " bearer token(s) configured");
    }

    /** Hands the server the guard (the server asks a factory; the guard needs no provider). */
    private record Factory(HttpGuard guard) implements AuthenticationConfig.AuthenticationHandlerFactory {
        @Override
        public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
            return guard;
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String method = request.method().name();
        String path = ctx.normalizedPath();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basicAllowed = EndpointRoles.acceptsBasic(path);
        String presented = bearer(authorization);
        boolean basic = false;
        if (presented == null && basicAllowed) {
            presented = basicPassword(authorization);
            basic = presented != null;
        }
        // Checked here only: nothing after this (routes, logs, run records) sees the credential.
        request.headers().remove(HttpHeaders.AUTHORIZATION);
        if (EndpointRoles.isOpen(method, path)) {
            ctx.next();
            return;
        }
        if (tokens.isEmpty()) {
            if (isLoopbackCaller(request.remoteAddress())) {
                ctx.next();
            } else {
                deny(ctx, 403, "forbidden", "no API tokens are configured: only local callers are served", null, null);
            }
            return;
        }
        Role required = EndpointRoles.required(method, path);
        if (basic && crossSite(request.getHeader("Sec-Fetch-Site"))) {
            // A browser remembers Basic credentials and sends them with any page's request: a form on
            // another site must not run MBean operations with them.
            deny(ctx, 403, "forbidden", "HTTP Basic credentials are not accepted on a request another site's page"
                    + " made (Sec-Fetch-Site); use Authorization: Bearer", required, null);
            return;
        }
        Tokens.Entry entry = tokens.match(presented);
        if (entry == null) {
            String needs = basicAllowed
                    ? "a token with role " + required.label()
                            + " (Authorization: Bearer TOKEN, or HTTP Basic with the token as the password)"
                    : "a bearer token (Authorization: Bearer TOKEN) with role " + required.label();
            deny(ctx, 401, "unauthorized", presented == null ? "this endpoint needs " + needs
                    : (basic ? "the password (token) of the HTTP Basic credentials is not valid"
                            : "the bearer token is not valid"),
                    required, null);
            return;
        }
        if (!entry.role().includes(required)) {
            deny(ctx, 403, "forbidden", "token '" + entry.name() + "' has role " + entry.role().label() + "; "
                    + method + " " + path + " needs " + required.label(), required, entry.role());
            return;
        }
        if (!EndpointRoles.isRead(method)) {
            LOG.info("{} {} by token '{}' ({})", method, path, entry.name(), entry.role().label());
        }
        ctx.next();
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header, or null. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = h.substring(7).trim();
            return t.isEmpty() ? null : t;
        }
        return null;
    }

    /**
     * The password of an {@code Authorization: Basic BASE64(user:password)} header, or null: the
     * token, as a console that only speaks Basic (Hawtio's connect dialog) sends it. The user name
     * is not used (any will do) and never logged: someone may have typed the token there.
     */
    static String basicPassword(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() <= 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String password = decoded.substring(colon + 1).trim();
        return password.isEmpty() ? null : password;
    }

    /** Whether a browser says the request came from another site's page ({@code Sec-Fetch-Site}). */
    static boolean crossSite(String secFetchSite) {
        return secFetchSite != null && !secFetchSite.isBlank()
                && !("same-origin".equalsIgnoreCase(secFetchSite.trim())
                        || "none".equalsIgnoreCase(secFetchSite.trim()));
    }

    private static boolean isLoopbackCaller(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return false;
        }
        try {
            // An address literal: no name lookup happens.
            return InetAddress.getByName(remote.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void deny(RoutingContext ctx, int status, String error, String message, Role required, Role role) {
        LOG.warn("{} {} {}: {}", status, ctx.request().method().name(), ctx.normalizedPath(), message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (required != null) {
            body.put("required", required.label());
        }
        if (role != null) {
            body.put("role", role.label());
        }
        var response = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (status == 401) {
            // Jolokia also takes Basic (Hawtio's connect dialog): challenge with it first, so a
            // console or browser asks for the credentials.
            response.putHeader((String) "WWW-Authenticate", EndpointRoles.acceptsBasic(ctx.normalizedPath())
                    ? List.<String>of("Basic realm=\"snapdock\", charset=\"UTF-8\"", "Bearer realm=\"snapdock\"")
                    : List.<String>of("Bearer realm=\"snapdock\""));
        }
        response.end(Json.write(body));
    }
}
