package io.gatehouse.users.domain;

/** An event that parsed but cannot be applied (missing email, role, reason…). Thrown so it is dead-lettered. */
public class InvalidEventDataException extends RuntimeException {
    public InvalidEventDataException(String message) {
        super(message);
    }
}
