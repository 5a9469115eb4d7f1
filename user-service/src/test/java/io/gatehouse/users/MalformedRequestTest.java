package io.gatehouse.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testsupport.KafkaResource;
import io.gatehouse.testsupport.PostgresResource;
import io.gatehouse.testsupport.RawHttp;
import io.gatehouse.users.support.AuthResource;
import io.gatehouse.users.support.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 point 7 for user-service's JSON API: a body in an unknown charset, bytes that are not UTF-8, an
 * unreadable Content-Type or a query parameter with an invalid percent-escape is a 4xx problem+json, never a 500.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "users"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(AuthResource.class)
class MalformedRequestTest {

    /** {@code problemJson} false: the HTTP layer refuses it before the application (an empty 400). */
    record Row(String name, String method, String path, String contentType, byte[] body, boolean problemJson) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        byte[] notUtf8 = {
            '{',
            '"',
            'n',
            'a',
            'm',
            'e',
            '"',
            ':',
            '"',
            (byte) 0xC3,
            (byte) 0x28,
            '"',
            ',',
            '"',
            'p',
            'l',
            'a',
            'n',
            '"',
            ':',
            '"',
            'F',
            'R',
            'E',
            'E',
            '"',
            '}'
        };
        byte[] json = "{\"name\":\"A\",\"plan\":\"FREE\"}".getBytes(StandardCharsets.US_ASCII);
        return Stream.of(
                new Row(
                        "account: unknown charset",
                        "PUT",
                        "/api/accounts/mal-1",
                        "application/json; charset=x-bogus",
                        json,
                        true),
                new Row(
                        "account: illegal charset name",
                        "PUT",
                        "/api/accounts/mal-1",
                        "application/json; charset=\"",
                        json,
                        true),
                new Row(
                        "account: JSON that is not UTF-8",
                        "PUT",
                        "/api/accounts/mal-1",
                        "application/json",
                        notUtf8,
                        true),
                new Row(
                        "users: invalid percent-escape in a query parameter",
                        "GET",
                        "/api/accounts/mal-1/users?q=%zz",
                        null,
                        null,
                        false),
                new Row(
                        "audit: invalid percent-escape in a query parameter",
                        "GET",
                        "/api/accounts/mal-1/audit?type=%E",
                        null,
                        null,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void malformedRequestGetsA400(Row row) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + Tokens.operator());
        if (row.contentType() != null) {
            headers.put("Content-Type", row.contentType());
        }
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, row.method(), row.path(), headers, row.body());
        assertEquals(400, answer.status(), () -> row + ": " + answer.body());
        if (row.problemJson()) {
            assertTrue(
                    answer.contentType().startsWith("application/problem+json"),
                    () -> row + ": " + answer.contentType());
        }
        assertFalse(answer.body().contains("Exception"), row::toString);
    }
}
