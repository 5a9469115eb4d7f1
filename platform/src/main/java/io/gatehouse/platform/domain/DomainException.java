package io.gatehouse.platform.domain;

/**
 * A use case refused a command: a stable snake_case {@code code} (the contract clients and the hardening matrix
 * rely on), a {@link Kind} saying what sort of refusal it is, and a detail safe to show. It knows nothing of HTTP:
 * the REST layer's problem mappers ({@code ProblemMappers}) turn the kind into a status.
 */
public class DomainException extends RuntimeException {

    /** What sort of refusal: the REST layer answers 400, 401, 403, 404, 409, 502 and 503 respectively. */
    public enum Kind {
        /** The command itself is invalid (a missing or malformed field, a value out of range). */
        INVALID,
        /** The caller is not (or no longer) allowed in at all, e.g. a revoked user asking for a token. */
        UNAUTHENTICATED,
        /** The caller is known but this command is beyond what they may do. */
        FORBIDDEN,
        /** What the command refers to does not exist for this account. */
        NOT_FOUND,
        /** The command is valid but the current state forbids it (running, stale, not verified, taken). */
        CONFLICT,
        /** A system the use case depends on (JumpCloud's API) failed to answer. */
        UPSTREAM_FAILED,
        /** Every worker is busy: the same command may succeed shortly. */
        BUSY
    }

    private final Kind kind;
    private final String code;

    public DomainException(Kind kind, String code, String detail) {
        super(detail);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public static DomainException invalid(String code, String detail) {
        return new DomainException(Kind.INVALID, code, detail);
    }

    /** An invalid command with the generic code {@code validation_failed}. */
    public static DomainException validation(String detail) {
        return invalid("validation_failed", detail);
    }

    public static DomainException unauthenticated(String code, String detail) {
        return new DomainException(Kind.UNAUTHENTICATED, code, detail);
    }

    public static DomainException forbidden(String code, String detail) {
        return new DomainException(Kind.FORBIDDEN, code, detail);
    }

    public static DomainException notFound(String code, String detail) {
        return new DomainException(Kind.NOT_FOUND, code, detail);
    }

    public static DomainException conflict(String code, String detail) {
        return new DomainException(Kind.CONFLICT, code, detail);
    }

    public static DomainException upstreamFailed(String code, String detail) {
        return new DomainException(Kind.UPSTREAM_FAILED, code, detail);
    }

    public static DomainException busy(String code, String detail) {
        return new DomainException(Kind.BUSY, code, detail);
    }
}
