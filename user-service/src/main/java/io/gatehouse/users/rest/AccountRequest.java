package io.gatehouse.users.rest;

import io.gatehouse.events.Plan;

/** Body of {@code PUT /api/accounts/{accountId}}. */
public record AccountRequest(String name, Plan plan) {}
