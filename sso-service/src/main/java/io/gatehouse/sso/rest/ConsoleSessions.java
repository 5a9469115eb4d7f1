package io.gatehouse.sso.rest;

import io.gatehouse.events.Role;
import io.gatehouse.sso.domain.Session;
import io.gatehouse.sso.domain.Sessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Who may use the admin console: a live session of an ADMIN or OWNER (the session's current role). */
@ApplicationScoped
public class ConsoleSessions {
    private final Sessions sessions;

    public ConsoleSessions(Sessions sessions) {
        this.sessions = sessions;
    }

    public Optional<Session> current(String cookie) {
        return sessions.resolve(cookie);
    }

    public static boolean isAdmin(Session session) {
        return session.role() == Role.ADMIN || session.role() == Role.OWNER;
    }
}
