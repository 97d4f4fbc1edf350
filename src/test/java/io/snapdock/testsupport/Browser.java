package io.snapdock.testsupport;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.time.Duration;

/**
 * A real headless Chromium driven through its chromedriver, both from Debian's packages
 * (scripts/test-env.sh installs them): Selenium never downloads a driver or a browser.
 */
public final class Browser {

    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final String CHROMIUM = "/usr/bin/chromium";

    private Browser() {
    }

    public static ChromeDriver start() {
        for (String f : new String[]{CHROMEDRIVER, CHROMIUM}) {
            if (!new File(f).canExecute()) {
                throw new IllegalStateException(
                        f + " is missing: run scripts/test-env.sh (apt packages chromium, chromium-driver)");
            }
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
