package io.gatehouse.simulator.domain;

/** A custom user attribute, JumpCloud's {@code {"name","value"}}. */
public record UserAttribute(String name, String value) {}
