package io.gatehouse.platform;

import io.gatehouse.events.AccountUpserted;
import io.gatehouse.events.Plan;
import io.gatehouse.platform.outbox.Outbox;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;

/** An endpoint for the tracing tests: writes an event to the outbox inside the HTTP request's transaction. */
@Path("/test-trace")
public class TraceTestResource {
    private final Outbox outbox;

    public TraceTestResource(Outbox outbox) {
        this.outbox = outbox;
    }

    @POST
    @Path("/accounts/{id}")
    @Transactional
    public String publish(@PathParam("id") String accountId) {
        AccountUpserted event = AccountUpserted.of(Instant.now(), accountId, "from-http", Plan.FREE);
        outbox.publish(event);
        return event.eventId().toString();
    }
}
