package io.snapdock.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** A running Snapdock service's HTTP side: the API, health, metrics, Jolokia. */
public final class ServiceHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    /** Sent as {@code Authorization: Bearer TOKEN} when set (a service with tokens configured). */
    private final String token;

    public ServiceHttp(String base) {
        this(base, null);
    }

    public ServiceHttp(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The same service, called with another token (null: none). */
    public ServiceHttp withToken(String other) {
        return new ServiceHttp(base, other);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public String base() {
        return base;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path) throws Exception {
        return HTTP.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path) throws Exception {
        return JSON.readTree(get(path).body());
    }

    /** Waits until the service answers its liveness check. */
    public void awaitLive(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get("/observe/health/live").statusCode() == 200);
    }

    /** Starts a run ({@code POST path}) and follows it to its end; returns the finished run. */
    public JsonNode runToEnd(String path, String json, Duration atMost) throws Exception {
        HttpResponse<String> started = post(path, json);
        if (started.statusCode() != 202) {
            throw new AssertionError("POST " + path + " -> " + started.statusCode() + " " + started.body());
        }
        String id = JSON.readTree(started.body()).path("id").asText();
        await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            String status = getJson("/api/runs/" + id).path("status").asText();
            return status.equals("succeeded") || status.equals("failed");
        });
        return getJson("/api/runs/" + id);
    }
}
