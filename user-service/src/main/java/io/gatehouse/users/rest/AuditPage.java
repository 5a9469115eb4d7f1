package io.gatehouse.users.rest;

import java.util.List;

/** One page of the audit trail, newest first. */
public record AuditPage(List<AuditEntryView> items, long total, int page, int size) {}
