package io.gatehouse.directory.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.events.RevocationReason;
import org.junit.jupiter.api.Test;

class JumpCloudUserTest {
    static JumpCloudUser parse(String json) throws Exception {
        return JumpCloudUser.from(new ObjectMapper().readTree(json));
    }

    @Test
    void denialFollowsStateSuspensionAndLock() throws Exception {
        assertNull(parse("{\"_id\":\"1\",\"activated\":true,\"state\":\"ACTIVATED\"}")
                .denial());
        assertNull(parse("{\"_id\":\"1\",\"activated\":true}").denial());
        assertEquals(
                RevocationReason.NOT_ACTIVATED,
                parse("{\"_id\":\"1\",\"activated\":false,\"state\":\"STAGED\"}")
                        .denial());
        assertEquals(
                RevocationReason.NOT_ACTIVATED,
                parse("{\"_id\":\"1\",\"activated\":false}").denial());
        assertEquals(
                RevocationReason.SUSPENDED,
                parse("{\"_id\":\"1\",\"activated\":true,\"suspended\":true}").denial());
        assertEquals(
                RevocationReason.SUSPENDED,
                parse("{\"_id\":\"1\",\"activated\":true,\"state\":\"SUSPENDED\"}")
                        .denial());
        assertEquals(
                RevocationReason.LOCKED,
                parse("{\"_id\":\"1\",\"activated\":true,\"state\":\"ACTIVATED\",\"account_locked\":true}")
                        .denial());
    }

    @Test
    void malformedUserIsRejected() {
        assertThrows(JumpCloudException.class, () -> parse("{\"email\":\"x\"}"));
        assertThrows(JumpCloudException.class, () -> parse("{\"_id\":\"1\",\"suspended\":\"yes\"}"));
    }
}
