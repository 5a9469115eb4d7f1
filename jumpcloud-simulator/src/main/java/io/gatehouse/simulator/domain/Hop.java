package io.gatehouse.simulator.domain;

/** One step of a graph path: the object reached ({@code user} or {@code user_group}). */
public record Hop(String id, String type) {

    public static Hop user(String id) {
        return new Hop(id, "user");
    }

    public static Hop group(String id) {
        return new Hop(id, "user_group");
    }
}
