package io.gatehouse.platform.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.platform.domain.DomainException;
import io.gatehouse.platform.domain.DomainException.Kind;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A use case's refusal becomes problem+json with its code unchanged and the status its kind stands for. */
class ProblemMappersTest {
    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void domainWhenEachKindThenTheStatusTheApiAlwaysAnswered() {
        Map<Kind, Integer> expected = Map.of(
                Kind.INVALID,
                400,
                Kind.UNAUTHENTICATED,
                401,
                Kind.FORBIDDEN,
                403,
                Kind.NOT_FOUND,
                404,
                Kind.CONFLICT,
                409,
                Kind.UPSTREAM_FAILED,
                502,
                Kind.BUSY,
                503);
        assertEquals(Kind.values().length, expected.size(), "every kind has its status");
        expected.forEach((kind, status) -> {
            Response response = mappers.domain(new DomainException(kind, "some_code", "the detail"));
            assertEquals(status, response.getStatus(), kind.name());
            assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
            Problem problem = (Problem) response.getEntity();
            assertEquals("some_code", problem.code());
            assertEquals(status, problem.status());
            assertEquals("the detail", problem.detail());
        });
    }

    @Test
    void domainWhenValidationThenValidationFailedCode() {
        Problem problem = (Problem)
                mappers.domain(DomainException.validation("name is required")).getEntity();
        assertEquals("validation_failed", problem.code());
        assertEquals(400, problem.status());
    }
}
