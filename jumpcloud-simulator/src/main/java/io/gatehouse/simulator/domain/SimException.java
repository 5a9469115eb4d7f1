package io.gatehouse.simulator.domain;

/** A client error with an HTTP status and a stable snake_case code. */
public class SimException extends RuntimeException {

    private final int status;
    private final String code;

    public SimException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public static SimException notFound(String what, String id) {
        return new SimException(404, "not_found", what + " " + id + " not found");
    }

    public static SimException badRequest(String detail) {
        return new SimException(400, "validation_failed", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
