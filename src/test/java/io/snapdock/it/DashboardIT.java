package io.snapdock.it;

import io.snapdock.testsupport.ApiToken;
import io.snapdock.testsupport.Browser;
import io.snapdock.testsupport.Ports;
import io.snapdock.testsupport.PostgresStore;
import io.snapdock.testsupport.ServiceHttp;
import io.snapdock.testsupport.SnapdockProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium, against the packaged service with an admin token
 * configured and a labelled PostgreSQL: the page asks for the token, lists the snapshot a backup
 * started from the page made, and after the store is damaged a restore chosen, reviewed and
 * confirmed in the page brings the rows back.
 */
class DashboardIT {

    static final String PROJECT = "it-dash-" + UUID.randomUUID().toString().substring(0, 8);
    static final String STORE = "platform-db";

    @TempDir
    static Path dir;

    static PostgresStore pg;
    static Process service;
    static ApiToken admin;
    static String base;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresStore.startLabelled(PROJECT, STORE, Map.of());
        pg.seed();
        admin = ApiToken.create("admin", "ops");
        int port = Ports.closed();
        base = "http://127.0.0.1:" + port;
        Files.writeString(dir.resolve("snapdock.properties"), String.join("\n",
                "snapdock.repository=file:" + dir.resolve("repository"),
                "snapdock.state-dir=" + dir.resolve("state"),
                "snapdock.compose-project=" + PROJECT,
                "snapdock.schedule.enabled=false",
                "snapdock.http.port=" + port,
                admin.property(), ""));
        service = SnapdockProcess.start(dir, dir.resolve("serve.log"), "serve", "--config",
                dir.resolve("snapdock.properties").toString());
        new ServiceHttp(base).awaitLive(Duration.ofMinutes(2));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (pg != null) {
            pg.close();
        }
    }

    static WebDriverWait waitUpTo(Duration d) {
        WebDriverWait w = new WebDriverWait(browser, d, Duration.ofMillis(250));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    static long count(String database, String table) throws Exception {
        try (var c = pg.connect(database);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRestoreStartedFromThePageBringsTheRowsBack() throws Exception {
        Map<String, String> before = pg.fingerprint();
        browser.get(base + "/");
        assertThat(browser.getTitle()).isEqualTo("Snapdock");

        // Without a token the API refuses, and the page says so.
        waitUpTo(Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Token needed"));

        WebElement field = browser.findElement(By.id("token"));
        field.sendKeys(admin.token());
        browser.findElement(By.id("save-token")).click();
        waitUpTo(Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Updated"));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem('snapdock.token')")).isEqualTo(admin.token());

        // A backup from the page; its snapshot appears in the list, validated.
        browser.findElement(By.id("start-backup")).click();
        waitUpTo(Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Backup started"));
        WebElement row = waitUpTo(Duration.ofMinutes(2))
                .until(d -> d.findElements(By.cssSelector("#snapshots tbody tr[data-stamp]"))
                        .stream().filter(r -> r.findElement(By.cssSelector("td.validation")).getText().equals("valid"))
                        .findFirst().orElse(null));
        String stamp = row.getAttribute("data-stamp");
        assertThat(stamp).matches("\\d{8}T\\d{6}Z");
        assertThat(row.getText()).contains(STORE);

        // Damage: a table dropped, rows deleted.
        pg.exec("analytics-db", "DROP TABLE metrics.events");
        pg.exec("shop", "DELETE FROM orders WHERE id > 100");
        assertThat(count("shop", "orders")).isEqualTo(100);

        // Restore from the page: choose, review the preview (what is replaced now, what stops), confirm.
        browser.findElement(By.cssSelector("button.restore[data-stamp='" + stamp + "']")).click();
        WebElement dialog = waitUpTo(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-dialog")));
        List<WebElement> boxes = dialog.findElements(By.cssSelector("#restore-stores input[type=checkbox]"));
        assertThat(boxes).extracting(b -> b.getAttribute("value")).containsExactly(STORE);
        assertThat(boxes.get(0).isSelected()).isTrue();
        browser.findElement(By.id("restore-review")).click();
        waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(By.id("restore-confirm")));
        String preview = browser.findElement(By.id("restore-preview")).getText();
        assertThat(preview).as(preview).contains("Restoring " + stamp + " replaces:", STORE, "Containers stopped:")
                .doesNotContain("No preview");
        browser.findElement(By.id("restore-confirm")).click();

        WebElement result = browser.findElement(By.id("restore-result"));
        waitUpTo(Duration.ofMinutes(3)).until(d -> result.getAttribute("data-status") != null);
        assertThat(result.getAttribute("data-status")).as(result.getText()).isEqualTo("succeeded");
        assertThat(result.getText()).contains("Restore succeeded", STORE + " succeeded");

        // The rows are back, and everything else with them.
        assertThat(count("shop", "orders")).isEqualTo(5000);
        assertThat(count("analytics-db", "metrics.events")).isEqualTo(3000);
        assertThat(pg.fingerprint()).isEqualTo(before);

        // The runs table shows the restore as it ended.
        browser.findElement(By.id("restore-close")).click();
        waitUpTo(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#runs tbody tr")).stream()
                .anyMatch(r -> r.getText().startsWith("restore") && r.getText().contains("succeeded")));
        assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain(admin.token());
    }
}
