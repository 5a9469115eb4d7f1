package io.gatehouse.directory.client;

/**
 * A JumpCloud call that did not give a trustworthy answer (error status, retries exhausted, malformed JSON, a page
 * that contradicts the announced total). Aborts the run: never read as "no members".
 */
public class JumpCloudException extends RuntimeException {
    private final String code;

    public JumpCloudException(String code, String message) {
        super(message);
        this.code = code;
    }

    public JumpCloudException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** Stable snake_case code, e.g. {@code http_401}, {@code retries_exhausted}, {@code page_cut_short}. */
    public String code() {
        return code;
    }
}
