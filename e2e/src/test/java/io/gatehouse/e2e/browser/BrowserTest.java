package io.gatehouse.e2e.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.e2e.Stack;
import io.restassured.RestAssured;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web pages in a real browser (headless Chromium) against the real stack: sign-in with SSO through the
 * simulator's login form, the landing page, the error page, and the admin console — Single Sign-On settings
 * (domain TXT verification, IdP fields, certificate upload, Test Connection report), Directory (connect
 * JumpCloud, dry run, a held sync approved) and Users (search, filters, role change and clear).
 *
 * <p>The first admin: an account has no admin until someone signs in, and signing in needs SSO. So the platform
 * operator onboards the account through the APIs (BUSINESS plan, the customer's domain verified, SSO wired to a
 * first "onboarding" JumpCloud app), the customer's first user signs in through that app in the browser, and the
 * operator makes them ADMIN with user-service's role API. From then on everything happens in the pages: the admin
 * verifies a second domain and moves the account to its production JumpCloud app from scratch (IdP fields,
 * certificate upload, the old certificate removed), tests it, connects the directory, and manages users.
 *
 * <p>Last, with a page's first answer held back in the browser until after a domain is added, a dry run is made or
 * the directory is saved: an older list answered late never draws over the newer one (a CI run once lost step 2, and with it the steps after, to that race).
 *
 * <p>The steps build on each other and run in order in one browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    private static final RestAssuredConfig NO_REDIRECTS =
            RestAssured.config().redirect(RedirectConfig.redirectConfig().followRedirects(false));
    private static final Duration PROPAGATION = Duration.ofSeconds(60);

    private Stack stack;
    private Browser browser;
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String accountId = "browser-" + suffix;
    private final String domain = "browser-" + suffix + ".test";
    private final String corpDomain = "corp-" + suffix + ".test";
    private final String admin = "ada@" + domain;
    private final String person = "eve@" + corpDomain;
    private final List<String> agentIds = new ArrayList<>();
    private String onboardingApp;
    private String productionApp;
    private String productionAppId;
    private String adminsGroup;
    private String agentsGroup;
    private String adminCookie;
    private final String adminsGroupName = "Browser Admins " + suffix;
    private final String agentsGroupName = "Browser Agents " + suffix;

    @BeforeAll
    void start() {
        Browser.Executables executables = Browser.required();
        stack = Stack.get();
        browser = new Browser(executables);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ steps

    @Test
    @Order(1)
    void theFirstAdminSignsInWithSso() {
        onboardAccount();

        browser.open(stack.sso().url() + "/sso/login");
        browser.visible("#email");
        assertEquals("Sign in with SSO", browser.find("h1").getText());
        browser.screenshot("01-sign-in");
        signInThroughSimulator(admin);

        browser.textContains("#email", admin);
        assertEquals(accountId, browser.find("#account").getText());
        String userId = awaitUserId(admin);
        operator()
                .body(Map.of("role", "ADMIN"))
                .put(stack.users().url() + "/api/accounts/{a}/users/{u}/role", accountId, userId)
                .then()
                .statusCode(200);
        eventually("the session sees the ADMIN role", () -> {
            browser.driver.navigate().refresh();
            return browser.find("#role").getText().equals("ADMIN");
        });
        browser.visible("#admin-links a[href='/console/settings/sso']");
        adminCookie = browser.driver.manage().getCookieNamed("GH_SESSION").getValue();
        assertTrue(browser.driver.manage().getCookieNamed("GH_SESSION").isHttpOnly());
        browser.screenshot("02-app-admin");
    }

    @Test
    @Order(2)
    void theAdminVerifiesADomainAndConfiguresSsoFromScratch() throws IOException {
        browser.click("#admin-links a[href='/console/settings/sso']");
        browser.textContains("#sso-state", "enabled");
        assertEquals(
                stack.sso().url() + "/saml/" + accountId + "/acs",
                browser.find("#acs-url").getAttribute("value"));
        assertEquals(
                stack.sso().url() + "/saml/" + accountId + "/metadata",
                browser.find("#sp-entity-id").getAttribute("value"));
        assertEquals(
                "/saml/" + accountId + "/metadata",
                URIs.path(browser.find("#sp-metadata").getAttribute("href")));

        // a second email domain, verified with the TXT record the page shows
        browser.type("#domain-input", corpDomain);
        browser.click("#add-domain");
        String row = "tr[data-domain='" + corpDomain + "']";
        String txtName = browser.attribute(row + " .txt-name", "value");
        String txtValue = browser.attribute(row + " .txt-value", "value");
        assertEquals("_gatehouse-challenge." + corpDomain, txtName);
        browser.click(row + " button.verify");
        browser.textContains("#domain-message", "was not found yet");
        sim().body(Map.of("txt", List.of(txtValue)))
                .put("/sim/dns/{n}", txtName)
                .then()
                .statusCode(200);
        browser.click(row + " button.verify");
        browser.textContains("#domain-message", corpDomain + " is verified");
        browser.textContains(row, "VERIFIED");

        // a validation error shows the service's detail
        browser.type("#idp-sso-url", "ftp://sso.example.test/saml2/x");
        browser.click("#save");
        browser.textContains("#sso-message", "idpSsoUrl must be an absolute https URL");

        // the production JumpCloud app, from scratch: IdP fields, its certificate uploaded, the old one removed
        JsonPath app = sim().get("/sim/apps/{id}", productionAppId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Path pem = Files.createDirectories(Browser.TARGET.resolve("browser-files"))
                .resolve("jumpcloud-" + suffix + ".pem");
        Files.writeString(pem, app.getString("certificate.pem"));
        browser.type("#idp-sso-url", app.getString("ssoUrl"));
        browser.type("#idp-entity-id", app.getString("idpEntityId"));
        assertEquals(1, browser.all("#certificates tr.certificate").size());
        browser.find("#certificates tr.certificate button.danger").click();
        browser.visible("#no-certificates");
        browser.upload("#cert-file", pem);
        browser.textContains("#certificates", "new — saved on Save");
        browser.select("#default-role", "AGENT");
        browser.select("#binding", "POST");
        browser.setChecked("#allow-idp-initiated", true);
        browser.setChecked("#sso-enabled", true);
        browser.click("#save");
        browser.textContains("#sso-message", "Saved. Single sign-on is enabled.");
        browser.textContains("#certificates", "valid");
        assertEquals(1, browser.all("#certificates tr.certificate").size());

        JsonPath saved = operator()
                .get(stack.sso().url() + "/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(app.getString("ssoUrl"), saved.getString("idpSsoUrl"));
        assertEquals(app.getString("idpEntityId"), saved.getString("idpEntityId"));
        assertEquals(
                app.getString("certificate.pem").strip(),
                saved.getString("certificates[0].pem").strip());
        browser.screenshot("03-sso-settings");
    }

    @Test
    @Order(3)
    void testConnectionOpensJumpCloudAndShowsAPassingReport() {
        String settings = browser.driver.getWindowHandle();
        browser.click("#test-connection");
        browser.until("the JumpCloud window", d -> d.getWindowHandles().size() == 2 ? true : null);
        String jumpcloud = browser.driver.getWindowHandles().stream()
                .filter(h -> !h.equals(settings))
                .findFirst()
                .orElseThrow();
        browser.driver.switchTo().window(jumpcloud);
        browser.type("input[name=email]", admin);
        browser.find("button[type=submit]").click();
        browser.textContains("#test-result", "Test Connection passed");
        browser.driver.close();
        browser.driver.switchTo().window(settings);

        WebElement status = browser.until("a finished report", d -> {
            List<WebElement> s = d.findElements(By.cssSelector("#test-status"));
            return !s.isEmpty() && !"PENDING".equals(s.get(0).getAttribute("data-status")) ? s.get(0) : null;
        });
        assertEquals("PASSED", status.getAttribute("data-status"), status.getText());
        List<WebElement> checks = browser.all("#test-checks tr.check-row");
        assertTrue(checks.size() >= 5, "checks shown: " + checks.size());
        for (WebElement check : checks) {
            assertEquals("true", check.getAttribute("data-passed"), check.getText());
        }
        browser.textContains("#test-attributes", admin);
        browser.screenshot("04-sso-test-report");
    }

    @Test
    @Order(4)
    void aPersonSignsInWithSsoAndAFailedSignInShowsTheErrorPage() {
        browser.driver.manage().deleteAllCookies();
        browser.open(stack.sso().url() + "/sso/login");
        signInThroughSimulator(person);
        browser.textContains("#email", person);
        assertEquals("AGENT", browser.find("#role").getText());
        assertEquals(accountId, browser.find("#account").getText());
        assertTrue(browser.all("#admin-links").isEmpty(), "an agent gets no admin links");
        browser.screenshot("05-app-person");

        // an agent who opens the console is told it is for admins
        browser.open(stack.sso().url() + "/console/users");
        browser.textContains("h1", "Admins only");

        // the onboarding app is no longer trusted: the person sees the category, the fix and a reference only
        browser.driver.manage().deleteAllCookies();
        browser.open(stack.sim().url() + "/saml2/" + onboardingApp);
        browser.type("input[name=email]", admin);
        browser.find("button[type=submit]").click();
        String heading = browser.textContains("h1", "Sign-in failed:");
        assertTrue(
                List.of("Response issue", "Certificate error", "Attribute mapping error", "User not recognized")
                        .contains(browser.find("#category").getText()),
                heading);
        assertFalse(browser.find("#reference").getText().isBlank());
        assertFalse(browser.find("#fix").getText().isBlank());
        String page = browser.driver.getPageSource().toLowerCase(Locale.ROOT);
        assertFalse(
                page.contains("signature_") || page.contains("issuer_") || page.contains("untrusted"),
                "the error page must not say which check failed");
        assertTrue(browser.driver.manage().getCookieNamed("GH_SESSION") == null, "no session after a refusal");
        browser.screenshot("06-sign-in-error");

        restoreAdmin();
    }

    @Test
    @Order(5)
    void theAdminConnectsTheDirectoryAndApprovesAHeldSync() {
        browser.open(stack.sso().url() + "/console/directory");
        browser.textContains("#dir-state", "No directory connection yet");
        JsonPath org = sim().get("/sim/org").then().statusCode(200).extract().jsonPath();
        browser.type("#api-base-url", stack.sim().url());
        browser.type("#api-key", org.getString("apiKey"));
        browser.type("#org-id", org.getString("orgId"));
        browser.type("#application-id", productionAppId);
        // a raw hex id: the page says where JumpCloud shows it
        browser.textContains("label[for=application-id] .hint", "copy the 24-character hex id from the address bar");
        browser.type("#mappings .mapping:nth-child(1) .mapping-group", adminsGroupName);
        browser.select("#mappings .mapping:nth-child(1) .mapping-role", "ADMIN");
        browser.click("#add-mapping");
        browser.type("#mappings .mapping:nth-child(2) .mapping-group", agentsGroupName);
        browser.select("#mappings .mapping:nth-child(2) .mapping-role", "AGENT");
        browser.select("#dir-default-role", "AGENT");
        browser.type("#sync-interval", "0");
        browser.type("#brake-percent", "30");
        browser.type("#brake-min", "1");
        browser.click("#save-directory");
        browser.textContains("#dir-message", "Directory connection saved");
        browser.textContains("#dir-state", productionAppId);
        // with the key stored, the page offers the application's groups from JumpCloud for the mappings
        browser.textContains("#groups-hint", adminsGroupName);
        assertTrue(browser.all("#jumpcloud-groups option").size() >= 2, "the bound groups are offered");
        assertEquals("", browser.find("#api-key").getAttribute("value"), "the key is write-only");
        assertTrue(browser.find("#api-key").getAttribute("placeholder").contains("stored"));

        // JumpCloud answers slowly: "Sync now" returns at once and the page shows the run's progress until it ends
        sim().body(Map.of("type", "SLOW", "delayMillis", 1500, "count", 3, "pathPrefix", "/api/systemusers"))
                .post("/sim/faults")
                .then()
                .statusCode(201);
        browser.click("#sync-now");
        browser.visible("#sync-progress");
        browser.textContains("#sync-progress-text", "users");
        browser.screenshot("12-directory-sync-progress");
        browser.textContains("#sync-message", "Applied: granted 5");
        assertTrue(browser.all("#sync-progress").isEmpty(), "the progress bar gives way to the outcome");
        assertTrue(browser.all("#dir-message .msg").isEmpty(), "one banner at a time");

        // two of the five members leave the app's groups: 40 % > the 30 % brake
        for (String id : agentIds.subList(0, 2)) {
            sim().delete("/sim/groups/{g}/members/{u}", agentsGroup, id).then().statusCode(204);
        }
        browser.click("#dry-run");
        browser.textContains("#plan-title", "Dry run");
        assertEquals(2, browser.all("#plan-table tr.planned[data-kind=REVOKE]").size());

        browser.click("#sync-now");
        browser.textContains("#sync-message", "Held for approval");
        browser.textContains("#plan-title", "Held sync");
        assertFalse(
                (browser.find("#sync-message").getText()
                                + browser.find("#plan-title").getText())
                        .contains("HELD"),
                "the status is said once, in words (not \"Held for approval — HELD\")");
        assertEquals(2, browser.all("#plan-table tr.planned[data-kind=REVOKE]").size());
        browser.textContains("#plan-table", "p1@" + domain);
        browser.screenshot("07-directory-held");

        browser.click("#approve-sync");
        browser.textContains("#sync-message", "Approved: granted 0, updated 0, revoked 2");
        browser.textContains("#runs-table tbody tr:first-child", "APPLIED");
        browser.textContains("#runs-table tbody tr:first-child", "approved");

        browser.click("#scim-token");
        WebElement token = browser.visible("#scim-token-value");
        assertTrue(token.getAttribute("value").length() >= 20);
        assertTrue(
                browser.find("#scim-base-url").getAttribute("value").endsWith("/scim/v2/" + accountId),
                browser.find("#scim-base-url").getAttribute("value"));
        browser.screenshot("08-directory");
        jumpCloudTestsTheScimConnection(token.getAttribute("value"));
    }

    /**
     * The admin enters the page's Base URL, Token Key and Test User Email in JumpCloud's Identity Management tab and
     * clicks Test Connection: its test user and group come and go, leaving no user, no role and at most one audit
     * entry, and the page says when JumpCloud tested the connection.
     */
    private void jumpCloudTestsTheScimConnection(String token) {
        browser.textContains("#scim-tested-line", "not tested the connection yet");
        String testUserEmail = browser.find("#scim-test-user-email").getAttribute("value");
        assertEquals("jumpcloud-test@gatehouse.invalid", testUserEmail);
        long auditBefore = auditTotal();
        // Identity Management on an app of its own, no group bound: only Test Connection reaches Gatehouse
        String app = sim().body(Map.of(
                        "name",
                        "scim-" + suffix,
                        "spEntityId",
                        stack.sso().url() + "/saml/" + accountId + "/metadata",
                        "acsUrl",
                        stack.sso().url() + "/saml/" + accountId + "/acs",
                        "scim",
                        Map.of(
                                "baseUrl",
                                browser.find("#scim-base-url").getAttribute("value"),
                                "token",
                                token,
                                "testUserEmail",
                                testUserEmail)))
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
        sim().post("/sim/apps/{id}/scim/test-connection", app)
                .then()
                .statusCode(200)
                .body("ok", org.hamcrest.Matchers.equalTo(true));

        browser.open(stack.sso().url() + "/console/directory");
        browser.textContains("#scim-tested", "JumpCloud tested the connection");
        browser.textContains("#scim-tested-line", "JumpCloud tested the connection");
        try {
            Thread.sleep(3000); // what the test did (nothing, if right) has had time to reach user-service
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(
                0,
                operator()
                        .queryParam("q", testUserEmail)
                        .get(stack.users().url() + "/api/accounts/{a}/users", accountId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("total"),
                "no user for JumpCloud's test user");
        long added = auditTotal() - auditBefore;
        assertTrue(added <= 1, added + " audit entries for Test Connection");
    }

    private long auditTotal() {
        return operator()
                .get(stack.users().url() + "/api/accounts/{a}/audit", accountId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("total");
    }

    @Test
    @Order(6)
    void theAdminFindsUsersAndChangesARole() {
        browser.open(stack.sso().url() + "/console/users");
        browser.textContains("#users-total", "5 users");
        browser.textContains("tr[data-email='" + admin + "'] .role-provenance", "set by an admin");

        browser.select("#filter-status", "REVOKED");
        eventually("the revoked members listed", () -> {
            browser.select("#filter-status", "REVOKED");
            browser.click("#apply-filters");
            return browser.find("#users-total").getText().startsWith("2 users");
        });
        browser.textContains("tr[data-email='p1@" + domain + "'] .status-reason", "removed from the JumpCloud groups");

        browser.select("#filter-status", "");
        browser.select("#filter-role", "");
        browser.type("#user-search", "eve");
        browser.click("#apply-filters");
        String eve = "tr[data-email='" + person + "']";
        browser.textContains("#users-total", "1 user");
        browser.textContains(eve + " .user-role", "AGENT");
        int selectWidth = browser.find(eve + " .role-select").getSize().getWidth();
        assertTrue(selectWidth >= 100, "the role select is squeezed at 1280 px: " + selectWidth + " px");
        browser.select(eve + " .role-select", "SUPERVISOR");
        browser.click(eve + " button.set-role");
        browser.textContains("#users-message", person + " is now SUPERVISOR");
        browser.textContains(eve + " .user-role", "SUPERVISOR");
        browser.textContains(eve + " .role-provenance", "set by an admin");
        browser.click(eve + " button.clear-role");
        browser.textContains("#users-message", "Manual role of " + person + " cleared: AGENT");
        browser.textContains(eve + " .role-provenance", "from a JumpCloud group");

        browser.type("#user-search", "");
        browser.select("#filter-role", "ADMIN");
        browser.textContains("#users-total", "1 user");
        browser.visible("tr[data-email='" + admin + "']");
        browser.select("#filter-role", "");
        browser.textContains("#users-total", "5 users");
        browser.screenshot("09-users");

        // readable on a phone
        Dimension laptop = browser.driver.manage().window().getSize();
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.open(stack.sso().url() + "/console/users");
            browser.textContains("#users-total", "5 users");
            Object overflow = ((JavascriptExecutor) browser.driver)
                    .executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1");
            assertEquals(Boolean.FALSE, overflow, "the users page scrolls sideways on a phone");
            browser.screenshot("10-users-phone");
            browser.open(stack.sso().url() + "/console/settings/sso");
            browser.textContains("#sso-state", "enabled");
            browser.screenshot("11-sso-settings-phone");
        } finally {
            browser.driver.manage().window().setSize(laptop);
        }
    }

    @Test
    @Order(7)
    void theSettingsPageWorksWithTheKeyboard() {
        browser.open(stack.sso().url() + "/console/settings/sso");
        browser.textContains("#sso-state", "enabled");
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        Object unlabeled = js.executeScript(
                "return Array.from(document.querySelectorAll('input:not([type=hidden]),select,textarea'))"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.id)");
        assertEquals(List.of(), unlabeled, "form controls without a label");
        Actions keyboard = new Actions(browser.driver);
        keyboard.sendKeys(Keys.TAB).perform();
        assertEquals(
                "Skip to content", browser.driver.switchTo().activeElement().getText());
        List<String> visited = new ArrayList<>();
        String outline = null;
        for (int i = 0; i < 120 && !visited.contains("test-connection"); i++) {
            keyboard.sendKeys(Keys.TAB).perform();
            WebElement focused = browser.driver.switchTo().activeElement();
            visited.add(focused.getAttribute("id"));
            if ("save".equals(focused.getAttribute("id"))) {
                outline = (String) js.executeScript("return getComputedStyle(document.activeElement).outlineStyle");
            }
        }
        for (String id : List.of(
                "domain-input",
                "add-domain",
                "idp-sso-url",
                "idp-entity-id",
                "cert-file",
                "default-role",
                "sso-enabled",
                "save",
                "test-connection")) {
            assertTrue(visited.contains(id), id + " is not reachable with Tab: " + visited);
        }
        assertEquals("solid", outline, "a visible focus style on buttons");
    }

    @Test
    @Order(8)
    void aDomainListAnsweredLateDoesNotDrawOverTheNewerOne() {
        String late = "late-" + suffix + ".test";
        String row = "tr[data-domain='" + late + "']";
        String script = browser.holdFirstAnswer("/domains");
        try {
            browser.open(stack.sso().url() + "/console/settings/sso");
            browser.textContains("#sso-state", "enabled");
            // the page's first list was read before the new domain existed; its answer is held until after the add
            browser.awaitHeldAnswer();
            browser.type("#domain-input", late);
            browser.click("#add-domain");
            browser.visible(row);
            browser.releaseHeldAnswer();
            assertEquals(1, browser.all(row).size(), "the older list, answered last, was drawn over the newer one");
        } finally {
            browser.forget(script);
        }
    }

    @Test
    @Order(9)
    void aSyncListAnsweredLateDoesNotDrawOverTheNewerOne() {
        String script = browser.holdFirstAnswer("/directory/syncs");
        try {
            browser.open(stack.sso().url() + "/console/directory");
            browser.textContains("#dir-state", productionAppId);
            // the page's first list of syncs was read before this dry run; its answer is held until after it
            browser.awaitHeldAnswer();
            browser.click("#dry-run");
            browser.textContains("#plan-title", "Dry run");
            String newest = browser.attribute("#runs-table tbody tr.run", "data-sync");
            int rows = browser.all("#runs-table tbody tr.run").size();
            browser.releaseHeldAnswer();
            assertEquals(
                    newest,
                    browser.attribute("#runs-table tbody tr.run", "data-sync"),
                    "the older list, answered last, was drawn over the newer one");
            assertEquals(rows, browser.all("#runs-table tbody tr.run").size());
        } finally {
            browser.forget(script);
        }
    }

    @Test
    @Order(10)
    void aGroupsListAnsweredLateDoesNotDrawOverTheNewerOne() {
        String lateGroup = "Browser Late " + suffix;
        String groupId = sim().body(Map.of("name", lateGroup, "userIds", List.of()))
                .post("/sim/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String script = browser.holdFirstAnswer("/directory/groups");
        try {
            browser.open(stack.sso().url() + "/console/directory");
            browser.textContains("#dir-state", productionAppId);
            // the page's first groups were read before this group was bound to the app; that answer is held until
            // after a save has read them again
            browser.awaitHeldAnswer();
            sim().put("/sim/apps/{a}/groups/{g}", productionAppId, groupId)
                    .then()
                    .statusCode(204);
            browser.click("#save-directory");
            browser.textContains("#dir-message", "Directory connection saved");
            browser.textContains("#groups-hint", lateGroup);
            browser.releaseHeldAnswer();
            assertTrue(
                    browser.find("#groups-hint").getText().contains(lateGroup),
                    "the older groups, answered last, were drawn over the newer ones: "
                            + browser.find("#groups-hint").getText());
        } finally {
            browser.forget(script);
            sim().delete("/sim/apps/{a}/groups/{g}", productionAppId, groupId)
                    .then()
                    .statusCode(204);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Operator onboarding through the APIs: account, simulator people/groups/apps, domain, first SSO app. */
    private void onboardAccount() {
        operator()
                .body(Map.of("name", "Browser " + suffix, "plan", "BUSINESS"))
                .put(stack.users().url() + "/api/accounts/{a}", accountId)
                .then()
                .statusCode(201);

        String adaId = simUser(admin, "Ada", "Admin");
        for (int i = 1; i <= 3; i++) {
            agentIds.add(simUser("p" + i + "@" + domain, "Person", String.valueOf(i)));
        }
        agentIds.add(simUser(person, "Eve", "Agent"));
        adminsGroup = sim().body(Map.of("name", adminsGroupName, "userIds", List.of(adaId)))
                .post("/sim/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        agentsGroup = sim().body(Map.of("name", agentsGroupName, "userIds", agentIds))
                .post("/sim/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        onboardingApp = "onboarding-" + suffix;
        String onboardingId = simApp(onboardingApp);
        productionApp = "gatehouse-" + suffix;
        productionAppId = simApp(productionApp);

        JsonPath first = sim().get("/sim/apps/{id}", onboardingId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> connection = Map.of(
                "enabled",
                false,
                "idpEntityId",
                first.getString("idpEntityId"),
                "idpSsoUrl",
                first.getString("ssoUrl"),
                "idpCertificatesPem",
                List.of(first.getString("certificate.pem")),
                "defaultRole",
                "AGENT",
                "allowIdpInitiated",
                true,
                "authnRequestBinding",
                "POST");
        eventually(
                "sso-service knows the BUSINESS plan",
                () -> operator()
                                .body(connection)
                                .put(stack.sso().url() + "/api/accounts/{a}/sso", accountId)
                                .statusCode()
                        == 200);
        JsonPath added = operator()
                .body(Map.of("domain", domain))
                .post(stack.sso().url() + "/api/accounts/{a}/domains", accountId)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        sim().body(Map.of("txt", List.of(added.getString("txtRecordValue"))))
                .put("/sim/dns/{n}", added.getString("txtRecordName"))
                .then()
                .statusCode(200);
        operator()
                .post(stack.sso().url() + "/api/accounts/{a}/domains/{d}/verify", accountId, domain)
                .then()
                .statusCode(200);
        Map<String, Object> enabled = new java.util.HashMap<>(connection);
        enabled.put("enabled", true);
        operator()
                .body(enabled)
                .put(stack.sso().url() + "/api/accounts/{a}/sso", accountId)
                .then()
                .statusCode(200);
    }

    private String simUser(String email, String first, String last) {
        return sim().body(Map.of("email", email, "firstname", first, "lastname", last))
                .post("/sim/users")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    private String simApp(String name) {
        return sim().body(Map.of(
                        "name",
                        name,
                        "spEntityId",
                        stack.sso().url() + "/saml/" + accountId + "/metadata",
                        "acsUrl",
                        stack.sso().url() + "/saml/" + accountId + "/acs",
                        "idpEntityId",
                        "https://sso.jumpcloud.com/saml2/" + name,
                        "sign",
                        "ASSERTION",
                        "attributes",
                        Map.of("email", "email", "firstName", "firstname", "lastName", "lastname"),
                        "groupIds",
                        List.of(adminsGroup, agentsGroup)))
                .post("/sim/apps")
                .then()
                .statusCode(201)
                .extract()
                .path("_id");
    }

    /** On /sso/login: the email, then the simulator's login form, back signed in on /app. */
    private void signInThroughSimulator(String email) {
        browser.type("#email", email);
        browser.find("form[action='/sso/login'] button[type=submit]").click();
        browser.until(
                "the JumpCloud login form",
                d -> d.getCurrentUrl().startsWith(stack.sim().url()) ? true : null);
        browser.type("input[name=email]", email);
        browser.find("button[type=submit]").click();
        browser.until(
                "back on /app", d -> d.getCurrentUrl().startsWith(stack.sso().url() + "/app") ? true : null);
    }

    private void restoreAdmin() {
        browser.open(stack.sso().url() + "/sso/login");
        browser.driver.manage().deleteAllCookies();
        browser.driver
                .manage()
                .addCookie(new Cookie.Builder("GH_SESSION", adminCookie)
                        .path("/")
                        .isHttpOnly(true)
                        .sameSite("Lax")
                        .build());
        browser.open(stack.sso().url() + "/app");
        browser.textContains("#email", admin);
    }

    private String awaitUserId(String email) {
        String[] id = new String[1];
        eventually("user-service created " + email, () -> {
            JsonPath page = operator()
                    .queryParam("q", email)
                    .get(stack.users().url() + "/api/accounts/{a}/users", accountId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            id[0] = page.getInt("total") == 1 ? page.getString("items[0].id") : null;
            return id[0] != null;
        });
        assertNotNull(id[0]);
        return id[0];
    }

    private RequestSpecification operator() {
        return RestAssured.given()
                .config(NO_REDIRECTS)
                .auth()
                .oauth2(stack.operatorToken)
                .contentType(ContentType.JSON);
    }

    private RequestSpecification sim() {
        return RestAssured.given()
                .config(NO_REDIRECTS)
                .baseUri(stack.sim().url())
                .contentType(ContentType.JSON);
    }

    private static void eventually(String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(PROPAGATION)
                .pollInterval(Duration.ofMillis(300))
                .until(condition::getAsBoolean);
    }

    /** The path of a URL. */
    static final class URIs {
        static String path(String url) {
            return java.net.URI.create(url).getPath();
        }
    }
}
