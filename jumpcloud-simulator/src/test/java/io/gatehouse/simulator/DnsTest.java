package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The TXT-only DNS server answers real DNS queries over UDP and TCP. */
@QuarkusTest
class DnsTest {

    @BeforeEach
    void reset() {
        Sim.reset();
    }

    private SimpleResolver resolver(boolean tcp) throws Exception {
        int port = given().get("/sim/dns").then().statusCode(200).extract().path("port");
        assertTrue(port > 0);
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(port);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver;
    }

    private static Message query(SimpleResolver resolver, String name, int type) throws Exception {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
    }

    @Test
    void txtRecordIsServedOverUdpAndTcp() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("txt", List.of("gatehouse-verification=abc123", "v=spf1 -all")))
                .put("/sim/dns/_gatehouse-challenge.acme.test")
                .then()
                .statusCode(200)
                .body("name", equalTo("_gatehouse-challenge.acme.test"));
        for (boolean tcp : new boolean[] {false, true}) {
            Message answer = query(resolver(tcp), "_gatehouse-challenge.acme.test", Type.TXT);
            assertEquals(Rcode.NOERROR, answer.getRcode());
            List<String> values = answer.getSection(Section.ANSWER).stream()
                    .map(r -> String.join("", ((TXTRecord) r).getStrings()))
                    .toList();
            assertEquals(List.of("gatehouse-verification=abc123", "v=spf1 -all"), values);
        }
    }

    @Test
    void unknownNamesAreNxdomainAndDeletedNamesDisappear() throws Exception {
        assertEquals(
                Rcode.NXDOMAIN,
                query(resolver(false), "nothing.acme.test", Type.TXT).getRcode());
        assertEquals(
                Rcode.NXDOMAIN,
                query(resolver(true), "nothing.acme.test", Type.TXT).getRcode());
        given().contentType(ContentType.JSON)
                .body(Map.of("txt", List.of("x")))
                .put("/sim/dns/Gone.Acme.Test.")
                .then()
                .statusCode(200);
        assertEquals(
                Rcode.NOERROR,
                query(resolver(false), "gone.acme.test", Type.TXT).getRcode());
        assertEquals(
                0,
                query(resolver(false), "gone.acme.test", Type.A)
                        .getSection(Section.ANSWER)
                        .size());
        given().delete("/sim/dns/gone.acme.test").then().statusCode(204);
        given().delete("/sim/dns/gone.acme.test").then().statusCode(404);
        assertEquals(
                Rcode.NXDOMAIN,
                query(resolver(false), "gone.acme.test", Type.TXT).getRcode());
    }

    @Test
    void longValuesAreSplitIntoCharacterStrings() throws Exception {
        String value = "k=" + "a".repeat(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("txt", List.of(value)))
                .put("/sim/dns/long.acme.test")
                .then()
                .statusCode(200);
        TXTRecord record = (TXTRecord) query(resolver(true), "long.acme.test", Type.TXT)
                .getSection(Section.ANSWER)
                .get(0);
        assertEquals(2, record.getStrings().size());
        assertEquals(value, String.join("", record.getStrings()));
        given().contentType(ContentType.JSON)
                .body(Map.of("txt", List.of()))
                .put("/sim/dns/bad.acme.test")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("txt", List.of("x")))
                .put("/sim/dns/bad..name")
                .then()
                .statusCode(400);
    }
}
