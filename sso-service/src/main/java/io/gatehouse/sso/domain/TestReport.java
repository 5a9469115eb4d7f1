package io.gatehouse.sso.domain;

import io.gatehouse.sso.saml.validation.CheckResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Test Connection report: every check with expected and received values, the attributes seen and missing,
 * the certificates and their expiry, the measured clock offset, and the fix to make in JumpCloud.
 */
public record TestReport(
        UUID testId,
        String accountId,
        String status,
        Instant createdAt,
        Instant completedAt,
        String failedCode,
        String category,
        String fix,
        List<CheckResult> checks,
        Map<String, List<String>> attributesSeen,
        List<String> attributesMissing,
        List<CertificateStatus> certificates,
        Long clockOffsetSeconds,
        String spEntityId,
        String acsUrl) {}
