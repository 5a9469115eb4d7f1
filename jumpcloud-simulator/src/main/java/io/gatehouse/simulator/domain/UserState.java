package io.gatehouse.simulator.domain;

/** JumpCloud's user {@code state}. */
public enum UserState {
    STAGED,
    ACTIVATED,
    SUSPENDED
}
