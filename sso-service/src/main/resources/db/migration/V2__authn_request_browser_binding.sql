-- Login CSRF: an SP-initiated AuthnRequest is bound to the browser that started it. The browser holds a random
-- nonce in an HttpOnly cookie; only its SHA-256 (hex) is stored. NULL for Test Connection requests (no session).
ALTER TABLE sso_authn_request ADD COLUMN browser_binding_hash VARCHAR(64);
