package io.gatehouse.users.rest;

import java.util.List;

/** One page of users and how many match in total. */
public record UserPage(List<UserView> items, long total, int page, int size) {}
