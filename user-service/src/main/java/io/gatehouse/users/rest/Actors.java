package io.gatehouse.users.rest;

import io.gatehouse.platform.auth.Caller;
import io.gatehouse.users.domain.Actor;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of this request as a domain {@link Actor}. Call after a {@code require…} check. */
@RequestScoped
public class Actors {
    private final Caller caller;

    public Actors(Caller caller) {
        this.caller = caller;
    }

    public Actor current() {
        Caller.Identity identity = caller.requireAuthenticated();
        return new Actor(caller.actor(), identity.operator(), identity.role());
    }
}
