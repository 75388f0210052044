package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.MultipartForm;
import dev.weft.http.Response;
import dev.weft.http.UploadedFile;
import dev.weft.routing.Router;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser (Debian's Chromium, driven by Selenium through chromedriver) opens the
 * listing of a folder served by {@code weft DIR}, clicks into a subfolder and then a file,
 * and checks what it rendered; and it uploads a file through a form to an embedded server
 * ({@code multipart/form-data}). Screenshots of each step are kept in
 * {@code target/browser-screenshots/} as build artifacts.
 *
 * <p>Skipped only where Chromium is not installed and {@code CI} is not set: in CI it must run.
 */
class StaticFilesBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;
    @TempDir
    Path profile;

    @Test
    void clickThroughTheListingToAFolderAndAFile() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "Chromium is not installed (and CI is not set)");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/guide page.html"),
                "<!DOCTYPE html><html><head><title>Guide</title><link rel=stylesheet href=\"style.css\"></head>"
                        + "<body><h1 id=\"title\">The guide ✓</h1></body></html>");
        Files.writeString(dir.resolve("docs/style.css"), "h1 { color: rgb(255, 0, 0); }\n".repeat(80));
        Files.writeString(dir.resolve("docs/notes ü.txt"), "plain text notes ü\n");
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("readme.md"), "# readme\n");
        Files.writeString(dir.resolve(".hidden"), "not listed");

        Path shots = Path.of("target", "browser-screenshots");
        Files.createDirectories(shots);

        try (WeftProcess weft = WeftProcess.start(List.of(), dir.toString())) {
            ChromeDriver browser = browser();
            try {
                browser.get(weft.url);
                assertEquals("Index of /", browser.getTitle());
                List<String> names = browser.findElements(By.cssSelector("tbody a")).stream().map(WebElement::getText).toList();
                assertEquals(List.of("docs/", "images/", "readme.md"), names);
                assertTrue(browser.findElements(By.cssSelector("a.parent")).isEmpty());
                screenshot(browser, shots.resolve("1-root-listing.png"));

                browser.findElement(By.linkText("docs/")).click();
                assertEquals(weft.url + "docs/", browser.getCurrentUrl());
                assertEquals("Index of /docs/", browser.findElement(By.tagName("h1")).getText());
                List<String> docs = browser.findElements(By.cssSelector("a.file")).stream().map(WebElement::getText).toList();
                assertEquals(List.of("guide page.html", "notes ü.txt", "style.css"), docs);
                screenshot(browser, shots.resolve("2-docs-listing.png"));

                browser.findElement(By.linkText("guide page.html")).click();
                assertEquals(weft.url + "docs/guide%20page.html", browser.getCurrentUrl());
                WebElement title = browser.findElement(By.id("title"));
                assertEquals("The guide ✓", title.getText());
                assertEquals("rgba(255, 0, 0, 1)", title.getCssValue("color"), "the stylesheet loaded (gzipped)");
                screenshot(browser, shots.resolve("3-guide-page.png"));

                browser.navigate().back();
                browser.findElement(By.linkText("notes ü.txt")).click();
                assertEquals("plain text notes ü", browser.findElement(By.tagName("body")).getText().strip());
                screenshot(browser, shots.resolve("4-text-file.png"));

                browser.get(weft.url + "docs/");
                browser.findElement(By.cssSelector("a.parent")).click();
                assertEquals(weft.url, browser.getCurrentUrl());
                assertFalse(browser.getPageSource().contains(".hidden"));
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The browser posts a form with a text field and a file input ({@code multipart/form-data})
     * to an embedded server whose handler reads it with {@code request.multipart().readForm()}.
     */
    @Test
    void uploadAFileThroughAForm() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "Chromium is not installed (and CI is not set)");
        Path upload = Files.writeString(dir.resolve("notes ü.txt"), "uploaded by a browser ✓\n".repeat(1000));
        Router app = new Router()
                .get("/", r -> Response.html("<!DOCTYPE html><title>Upload</title><form method=post action=/upload"
                        + " enctype=multipart/form-data><input name=title id=title><input type=file name=file id=file>"
                        + "<button id=send>Send</button></form>"))
                .post("/upload", r -> {
                    try (MultipartForm form = r.multipart().readForm()) {
                        UploadedFile file = form.file("file").orElseThrow();
                        return Response.text(form.field("title").orElse("") + " / " + file.filename() + " / " + file.size()
                                + " / " + Files.readString(file.path()).equals(Files.readString(upload)));
                    }
                });
        try (Server server = Server.start(ServerConfig.builder().port(0).build(), app)) {
            ChromeDriver browser = browser();
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                browser.findElement(By.id("title")).sendKeys("Grüße");
                browser.findElement(By.id("file")).sendKeys(upload.toAbsolutePath().toString());
                browser.findElement(By.id("send")).click();
                for (long end = System.nanoTime() + 20_000_000_000L; !browser.getCurrentUrl().endsWith("/upload")
                        && System.nanoTime() < end; ) {
                    Thread.sleep(100);
                }
                assertEquals("Grüße / notes ü.txt / " + Files.size(upload) + " / true",
                        browser.findElement(By.tagName("body")).getText().strip());
                screenshot(browser, Path.of("target", "browser-screenshots").resolve("5-form-upload.png"));
            } finally {
                browser.quit();
            }
        }
    }

    private ChromeDriver browser() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1024,768", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(ChromeDriver browser, Path to) throws Exception {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, to, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(to) > 1000, "screenshot is empty");
    }
}
