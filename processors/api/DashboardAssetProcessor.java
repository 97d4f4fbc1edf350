package io.snapdock.processors.api;

import io.snapdock.processors.support.ApiResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves one of the dashboard's files (header {@code asset}) from the jar's {@code dashboard/}
 * folder. Only the files named here exist: a request for anything else is a 404, never a lookup
 * on the classpath. The headers keep the page from being framed (a restore button must not be
 * clickable through another site) and its script from being loaded from anywhere else.
 */
public class DashboardAssetProcessor implements Processor {

    static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public void process(Exchange exchange) throws IOException {
        String asset = exchange.getMessage().getHeader("asset", String.class);
        String type = asset == null ? null : ASSETS.get(asset);
        if (type == null) {
            ApiResponse.json(exchange, 404, Map.of("error", "not_found", "message", "no such dashboard file"), null);
            return;
        }
        byte[] content = cache.computeIfAbsent(asset, DashboardAssetProcessor::read);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, type);
        m.setHeader("Cache-Control", "no-cache");
        m.setHeader("X-Content-Type-Options", "nosniff");
        m.setHeader("X-Frame-Options", "DENY");
        m.setHeader("Referrer-Policy", "no-referrer");
        m.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'none'");
        m.setBody(content);
    }

    private static byte[] read(String asset) {
        try (InputStream in = DashboardAssetProcessor.class.getResourceAsStream("/dashboard/" + asset)) {
            if (in == null) {
                throw new IllegalStateException("dashboard/" + asset + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read dashboard/" + asset, e);
        }
    }
}
