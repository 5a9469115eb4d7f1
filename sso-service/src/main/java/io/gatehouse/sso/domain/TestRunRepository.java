package io.gatehouse.sso.domain;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class TestRunRepository implements PanacheRepositoryBase<TestRun, UUID> {}
