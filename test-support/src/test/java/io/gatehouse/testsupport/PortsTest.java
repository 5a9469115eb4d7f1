package io.gatehouse.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gatehouse.localstack.Ports;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Servers started one after the other (the stack's services) must never be given the same free port. */
class PortsTest {

    @Test
    void freeWhenCalledManyTimesThenNeverGivesAPortTwice() {
        Set<Integer> seen = new HashSet<>();
        int calls = 3000;
        for (int i = 0; i < calls; i++) {
            seen.add(Ports.free());
        }
        assertEquals(calls, seen.size(), "distinct ports among " + calls + " calls");
    }
}
