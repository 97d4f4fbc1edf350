package io.snapdock.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.snapdock.testsupport.ApiToken;
import io.snapdock.testsupport.Browser;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Hawtio console (io.hawt:hawtio-war 4.2.0, in an embedded Jetty as Hawtio's own embedded
 * launcher runs it) connected to {@code snapdock serve} with tokens configured: Hawtio's connect
 * dialog sends HTTP Basic, and Jolokia takes the admin token as the password. First the requests
 * Hawtio's Camel plugin sends (bulk search, read, exec), through Hawtio's own proxy servlet; then
 * the console itself in a headless Chromium: the connection added, a wrong token refused, the admin
 * token accepted, Snapdock's Camel context and routes shown. No token reaches Snapdock's log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HawtioIT {

    @TempDir
    static Path dir;

    static Process service;
    static Server hawtio;
    static ApiToken admin;
    static ApiToken viewer;
    static int snapdockPort;
    static String hawtioBase;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        admin = ApiToken.create("admin", "ops");
        viewer = ApiToken.create("viewer", "grafana");
        snapdockPort = Ports.closed();
        Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.discovery.enabled=false",
                "snapdock.schedule.enabled=false",
                "snapdock.http.port=" + snapdockPort,
                admin.property(), viewer.property(), ""));
        service = SnapdockProcess.start(dir, dir.resolve("serve.log"), "serve", "--config",
                dir.resolve("snapdock.properties").toString());

        // Hawtio as its embedded launcher (hawtio-embedded) runs it: the war in a Jetty, its own login off
        // (it is the remote Snapdock that asks for credentials). Its proxy reaches 127.0.0.1 by default.
        System.setProperty("hawtio.authenticationEnabled", "false");
        Path war = Path.of(System.getProperty("hawtio.war", "target/hawtio/hawtio.war"));
        assertThat(war).as("mvn verify copies the Hawtio war (maven-dependency-plugin, copy-hawtio)").exists();
        int hawtioPort = Ports.closed();
        hawtio = new Server(new InetSocketAddress("127.0.0.1", hawtioPort));
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/hawtio");
        webapp.setWar(war.toString());
        webapp.setTempDirectory(Files.createDirectories(dir.resolve("hawtio-work")).toFile());
        hawtio.setHandler(webapp);
        hawtio.start();
        hawtioBase = "http://127.0.0.1:" + hawtioPort + "/hawtio";
        new ServiceHttp("http://127.0.0.1:" + snapdockPort).awaitLive(Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hawtio != null) {
            hawtio.stop();
        }
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A POST of Jolokia requests through Hawtio's proxy servlet, as the console sends them. */
    static HttpResponse<String> throughHawtio(String authorization, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hawtioBase + "/proxy/http/127.0.0.1/" + snapdockPort
                + "/observe/jolokia")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> direct(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + snapdockPort + path));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void jolokiaAnswersTheCamelPluginsRequestsWithTheTokenAsBasicPassword() throws Exception {
        String routes = "org.apache.camel:context=snapdock,type=routes";
        String bulk = "[{\"type\":\"search\",\"mbean\":\"" + routes + ",*\"},"
                + "{\"type\":\"read\",\"mbean\":\"" + routes.replace("\"", "\\\"")
                + ",name=\\\"backup-run\\\"\",\"attribute\":[\"RouteId\",\"State\",\"ExchangesTotal\"]},"
                + "{\"type\":\"exec\",\"mbean\":\"" + routes + ",name=\\\"backup-run\\\"\","
                + "\"operation\":\"dumpRouteStatsAsXml(boolean,boolean)\",\"arguments\":[false,true]},"
                + "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=snapdock,type=context,name=\\\"snapdock\\\"\","
                + "\"operation\":\"dumpRoutesAsXml()\"}]";
        HttpResponse<String> r = throughHawtio(basic("hawtio", admin.token()), bulk);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answers = ServiceHttp.JSON.readTree(r.body());
        assertThat(answers).hasSize(4);
        answers.forEach(a -> assertThat(a.path("status").asInt()).as(a.toString()).isEqualTo(200));
        List<String> found = new ArrayList<>();
        answers.get(0).path("value").forEach(n -> found.add(n.asText()));
        assertThat(found).contains(routes.replace("type=routes", "name=\"backup-run\",type=routes"),
                routes.replace("type=routes", "name=\"restore-run\",type=routes"));
        assertThat(answers.get(1).path("value").path("RouteId").asText()).isEqualTo("backup-run");
        assertThat(answers.get(1).path("value").path("State").asText()).isEqualTo("Started");
        assertThat(answers.get(2).path("value").asText()).contains("<routeStat id=\"backup-run\"");
        assertThat(answers.get(3).path("value").asText()).contains("<route id=\"backup-run\"");

        // Any user name: the password is the token. The token's name works as the user name too.
        assertThat(throughHawtio(basic("ops", admin.token()), "[{\"type\":\"version\"}]").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aWrongTokenIsChallengedAViewerIsRefusedAndTheApiKeepsToBearer() throws Exception {
        HttpResponse<String> wrong = direct("/observe/jolokia/version",
                Map.of("Authorization", basic("hawtio", "not-the-token")));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().allValues("WWW-Authenticate")).first().asString()
                .startsWith("Basic realm=\"snapdock\"");
        assertThat(ServiceHttp.JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("unauthorized");
        HttpResponse<String> none = direct("/observe/jolokia/version", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).anyMatch(h -> h.startsWith("Basic"));
        // Hawtio's proxy passes the 401 on (as its own scheme, so the browser shows no pop-up of its own).
        assertThat(throughHawtio(basic("hawtio", "not-the-token"), "[{\"type\":\"version\"}]").statusCode())
                .isEqualTo(401);

        HttpResponse<String> low = direct("/observe/jolokia/version", Map.of("Authorization",
                basic("hawtio", viewer.token())));
        assertThat(low.statusCode()).isEqualTo(403);
        assertThat(ServiceHttp.JSON.readTree(low.body()).path("role").asText()).isEqualTo("viewer");

        // Another site's page cannot use credentials the browser remembers.
        assertThat(direct("/observe/jolokia/version", Map.of("Authorization", basic("hawtio", admin.token()),
                "Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
        // The API takes bearer tokens only.
        HttpResponse<String> api = direct("/api/runs", Map.of("Authorization", basic("hawtio", admin.token())));
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"snapdock\"");
        assertThat(direct("/api/runs", Map.of("Authorization", "Bearer " + admin.token())).statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void theHawtioConsoleLogsInWithTheTokenAndShowsSnapdocksRoutes() throws Exception {
        ChromeDriver browser = Browser.start();
        try {
            browser.get(hawtioBase + "/connect/remote");
            click(browser, By.xpath("//button[contains(., 'Add connection')]"));
            type(browser, "connection-form-name", "snapdock");
            click(browser, By.cssSelector("label.pf-v5-c-switch"));   // HTTPS -> HTTP
            type(browser, "connection-form-host", "127.0.0.1");
            type(browser, "connection-form-port", String.valueOf(snapdockPort));
            type(browser, "connection-form-path", "/observe/jolokia");
            click(browser, By.xpath("//div[@role='dialog']//button[normalize-space(.)='Add']"));

            // Connect opens the connection in a new window, which asks for the credentials.
            String first = browser.getWindowHandle();
            click(browser, By.xpath("//button[normalize-space(.)='Connect']"));
            waitUpTo(browser, Duration.ofSeconds(30)).until(d -> d.getWindowHandles().size() > 1);
            Set<String> windows = browser.getWindowHandles();
            windows.stream().filter(h -> !h.equals(first)).findFirst().ifPresent(h -> browser.switchTo().window(h));

            logIn(browser, "hawtio", "not-the-token");
            waitUpTo(browser, Duration.ofSeconds(30)).until(d -> d.getPageSource().toLowerCase().contains("incorrect")
                    || d.getPageSource().toLowerCase().contains("failed"));
            assertThat(browser.getCurrentUrl()).contains("/connect/login");

            logIn(browser, "hawtio", admin.token());
            waitUpTo(browser, Duration.ofSeconds(60)).until(d -> !d.getCurrentUrl().contains("/connect/login"));
            browser.get(hawtioBase + "/camel/contexts");
            waitUpTo(browser, Duration.ofSeconds(60)).until(
                    ExpectedConditions.presenceOfElementLocated(By.xpath("//*[normalize-space(.)='backup-run']")));
            assertThat(browser.getPageSource()).contains("snapdock", "restore-run", "api-start-backup");
            // The routes folder: Hawtio reads every route's state and statistics over Jolokia.
            click(browser, By.xpath("//*[normalize-space(text())='routes']"));
            waitUpTo(browser, Duration.ofSeconds(60)).until(d -> d.findElements(By.xpath(
                    "//table//td[normalize-space(.)='backup-run']")).size() == 1
                    && d.findElements(By.xpath("//table//td[normalize-space(.)='Started']")).size() > 5);
            Files.write(dir.resolve("hawtio-routes.png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (RuntimeException | AssertionError e) {
            Path shot = Path.of("target", "hawtio-it-failure.png");
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
            Files.writeString(Path.of("target", "hawtio-it-failure.html"), browser.getPageSource());
            throw e;
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(4)
    void noTokenReachesSnapdocksLog() throws Exception {
        String log = Files.readString(dir.resolve("serve.log"));
        assertThat(log).contains("401 GET /observe/jolokia/version");
        for (ApiToken t : List.of(admin, viewer)) {
            assertThat(log).doesNotContain(t.token());
            assertThat(log).doesNotContain(basic("hawtio", t.token()).substring(6));
        }
        assertThat(log).doesNotContain("not-the-token");
    }

    private static void logIn(WebDriver browser, String user, String password) {
        type(browser, "connect-login-form-username", user);
        type(browser, "connect-login-form-password", password);
        click(browser, By.xpath("//button[normalize-space(.)='Log in']"));
    }

    private static WebDriverWait waitUpTo(WebDriver browser, Duration d) {
        return new WebDriverWait(browser, d);
    }

    private static void click(WebDriver browser, By by) {
        waitUpTo(browser, Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private static void type(WebDriver browser, String id, String text) {
        WebElement e = waitUpTo(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        e.sendKeys(text);
    }
}
