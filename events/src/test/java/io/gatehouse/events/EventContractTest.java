package io.gatehouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventContractTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    static Stream<Class<? extends GatehouseEvent>> eventTypes() {
        return Stream.of(GatehouseEvent.class.getPermittedSubclasses()).map(c -> c.asSubclass(GatehouseEvent.class));
    }

    static String golden(String type) throws IOException {
        try (InputStream in = EventContractTest.class.getResourceAsStream("/golden/" + type + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no golden sample for " + type);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void goldenJsonReadsAsItsRecordAndWritesBackIdentically(Class<? extends GatehouseEvent> type) throws IOException {
        String json = golden(type.getSimpleName());
        GatehouseEvent event = EventJson.fromJson(json);
        assertInstanceOf(type, event);
        assertEquals(type.getSimpleName(), event.eventType());
        assertEquals(1, event.schemaVersion());
        assertEquals("acme", event.accountId());
        JsonNode expected = PLAIN.readTree(json);
        JsonNode actual = PLAIN.readTree(EventJson.toJson(event));
        assertEquals(expected, actual, "JSON -> record -> JSON changed the sample");
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void recordWritesAndReadsBackEqual(Class<? extends GatehouseEvent> type) throws IOException {
        GatehouseEvent event = EventJson.fromJson(golden(type.getSimpleName()));
        GatehouseEvent again = EventJson.fromJson(EventJson.toJson(event));
        assertEquals(event, again, "record -> JSON -> record changed the event");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"eventId\":\"0b6f3f5e-1c1a-4c55-9d0e-000000000001\",\"eventType\":\"AccountUpserted\","
                + "\"schemaVersion\":1,\"occurredAt\":\"2026-11-29T10:15:30Z\",\"accountId\":\"acme\","
                + "\"name\":\"Acme\",\"plan\":\"BUSINESS\",\"addedLater\":{\"x\":[1,2]}}";
        AccountUpserted event = (AccountUpserted) EventJson.fromJson(json);
        assertEquals(Plan.BUSINESS, event.plan());
    }

    @Test
    void unknownEventTypeAndMalformedJsonAreInvalidEvents() {
        assertThrows(
                EventJson.InvalidEventException.class,
                () -> EventJson.fromJson(
                        "{\"eventId\":\"0b6f3f5e-1c1a-4c55-9d0e-000000000001\",\"eventType\":\"Nope\",\"accountId\":\"a\"}"));
        assertThrows(EventJson.InvalidEventException.class, () -> EventJson.fromJson("{not json"));
        assertThrows(
                EventJson.InvalidEventException.class,
                () -> EventJson.fromJson("{\"eventType\":\"AccountUpserted\",\"name\":\"x\"}"));
        assertThrows(EventJson.InvalidEventException.class, () -> EventJson.fromBytes(null));
    }

    @Test
    void personKeysLowerCaseTheEmailAndUserKeysUseTheUserId() {
        LoginSucceeded login = LoginSucceeded.of(
                Instant.EPOCH,
                "acme",
                "Ada@Acme.TEST",
                "Ada@Acme.TEST",
                "Ada",
                "L",
                "idp",
                LoginFlow.SP_INITIATED,
                Role.AGENT);
        assertEquals("acme:ada@acme.test", login.key());
        assertEquals(Topics.SSO_LOGINS, login.topic());
        UserRevoked revoked = UserRevoked.of(Instant.EPOCH, "acme", "u-1", "ada@acme.test", RevocationReason.DELETED);
        assertEquals("acme:u-1", revoked.key());
        assertEquals("gatehouse.users.v1.dlq", Topics.deadLetter(revoked.topic()));
    }

    @Test
    void cloudEventHeadersRoundTrip() {
        MemberGranted granted = MemberGranted.of(
                Instant.parse("2026-11-29T10:15:30Z"),
                "acme",
                "ext1",
                "Grace@acme.test",
                "Grace",
                "Hopper",
                List.of("Admins"),
                Role.ADMIN,
                true,
                MemberSource.SCIM);
        Map<String, byte[]> headers = CloudEventHeaders.toHeaders(granted, "/gatehouse/directory-service");
        CloudEventHeaders.Context ctx = CloudEventHeaders.fromHeaders(headers);
        assertEquals("1.0", ctx.specVersion());
        assertEquals(granted.eventId(), ctx.id());
        assertEquals("io.gatehouse.MemberGranted.v1", ctx.type());
        assertEquals("/gatehouse/directory-service", ctx.source());
        assertEquals(granted.occurredAt(), ctx.time());
        assertEquals("acme:grace@acme.test", ctx.subject());
        assertEquals("application/json", new String(headers.get("content-type"), StandardCharsets.UTF_8));
    }

    @Test
    void highestRoleWins() {
        assertEquals(Role.ADMIN, Role.highest(Role.AGENT, Role.ADMIN));
        assertEquals(Role.OWNER, Role.highest(Role.OWNER, Role.SUPERVISOR));
        assertEquals(Role.AGENT, Role.highest(null, Role.AGENT));
    }
}
