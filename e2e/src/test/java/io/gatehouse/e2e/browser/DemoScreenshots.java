package io.gatehouse.e2e.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Takes the README's screenshots from the running demo ({@code ./gatehouse demo}), as its admin sees it: signs in
 * as ada@acme.test through the simulator's login form and saves the pages at 1280 px into {@code docs/screenshots/}.
 * A tool, not a test: {@code mvn -B -q -pl e2e test-compile} then
 * {@code mvn -B -q -pl e2e org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.gatehouse.e2e.browser.DemoScreenshots} (arguments: the sso-service URL, the output folder).
 */
public final class DemoScreenshots {
    private DemoScreenshots() {}

    public static void main(String[] args) throws Exception {
        String sso = args.length > 0 ? args[0] : "http://localhost:8081";
        Path out = Paths.get(args.length > 1 ? args[1] : "docs/screenshots").toAbsolutePath();
        Files.createDirectories(out);
        Browser.Executables executables = Browser.Executables.find()
                .orElseThrow(() -> new IllegalStateException("Chromium and chromedriver are needed"));
        try (Browser b = new Browser(executables)) {
            b.open(sso + "/sso/login");
            b.visible("#email");
            save(b, out, "01-sign-in");
            b.type("#email", "ada@acme.test");
            b.find("form[action='/sso/login'] button[type=submit]").click();
            b.until("the JumpCloud login form", d -> d.getCurrentUrl().startsWith(sso) ? null : true);
            b.type("input[name=email]", "ada@acme.test");
            b.find("button[type=submit]").click();
            b.until("back on /app", d -> d.getCurrentUrl().startsWith(sso + "/app") ? true : null);
            save(b, out, "02-app-admin");
            for (List<String> page : List.of(
                    List.of("/console/settings/sso", "#sso-form", "03-sso-settings"),
                    List.of("/console/users", "#users-table tbody tr", "09-users"),
                    List.of("/console/directory", "#dir-state", "08-directory"))) {
                b.open(sso + page.get(0));
                b.visible(page.get(1));
                Thread.sleep(1500); // the page's own API calls settle
                save(b, out, page.get(2));
            }
        }
    }

    private static void save(Browser b, Path out, String name) throws Exception {
        Files.copy(b.screenshot(name), out.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("saved " + out.resolve(name + ".png"));
    }
}
