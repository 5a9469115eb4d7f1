package io.gatehouse.directory.scim;

import java.util.UUID;

final class ScimIds {
    private ScimIds() {}

    /** Resource ids are UUIDs; anything else cannot exist (404). */
    static UUID parse(String id, String type) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ScimException.notFound(type + " " + id + " not found");
        }
    }
}
