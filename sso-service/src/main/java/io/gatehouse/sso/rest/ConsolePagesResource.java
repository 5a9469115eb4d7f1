package io.gatehouse.sso.rest;

import io.gatehouse.sso.config.SpUrls;
import io.gatehouse.sso.domain.Session;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * The account admin's pages: Settings → Security → Single Sign-On, Users, Directory. Each needs an ADMIN/OWNER
 * session (others see a 403 page; no session goes to sign-in and back). The pages load their data through the
 * console API proxy ({@link ConsoleApiResource}).
 */
@Path("/console")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ConsolePagesResource {
    private final ConsoleSessions sessions;
    private final SpUrls urls;

    public ConsolePagesResource(ConsoleSessions sessions, SpUrls urls) {
        this.sessions = sessions;
        this.urls = urls;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/console/settings/sso")).build();
    }

    @GET
    @Path("/settings/sso")
    public Response sso(@CookieParam("GH_SESSION") String cookie) {
        return page(
                cookie,
                "/console/settings/sso",
                "sso",
                ctx -> ConsolePages.sso(
                        ctx,
                        urls.spEntityId(ctx.accountId()),
                        urls.acsUrl(ctx.accountId()),
                        urls.metadataUrl(ctx.accountId()),
                        urls.base() + "/sso/login"));
    }

    @GET
    @Path("/users")
    public Response users(@CookieParam("GH_SESSION") String cookie) {
        return page(cookie, "/console/users", "users", ConsolePages::users);
    }

    @GET
    @Path("/directory")
    public Response directory(@CookieParam("GH_SESSION") String cookie) {
        return page(cookie, "/console/directory", "directory", ConsolePages::directory);
    }

    private Response page(
            String cookie, String path, String name, Function<ConsolePages.Context, TemplateInstance> render) {
        Optional<Session> current = sessions.current(cookie);
        if (current.isEmpty()) {
            return Response.seeOther(URI.create("/sso/login?returnTo=" + path))
                    .header("Cache-Control", "no-store")
                    .build();
        }
        Session s = current.get();
        if (!ConsoleSessions.isAdmin(s)) {
            return HtmlPages.console(
                    403, ConsolePages.forbidden(s.email(), s.role().name()));
        }
        return HtmlPages.console(
                200, render.apply(new ConsolePages.Context(s.email(), s.role().name(), s.accountId(), name)));
    }
}
