package io.gatehouse.sso.rest;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The admin console pages (Qute, under {@code templates/console/}); data comes from the console API in the page's script. */
@CheckedTemplate(basePath = "console")
public class ConsolePages {
    /** Who is signed in and which page is open (for the navigation). */
    public record Context(String email, String role, String accountId, String page) {}

    public static native TemplateInstance sso(
            Context ctx, String spEntityId, String acsUrl, String metadataUrl, String loginUrl);

    public static native TemplateInstance users(Context ctx);

    public static native TemplateInstance directory(Context ctx);

    public static native TemplateInstance forbidden(String email, String role);
}
