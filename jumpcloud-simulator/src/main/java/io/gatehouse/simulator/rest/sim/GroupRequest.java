package io.gatehouse.simulator.rest.sim;

import io.gatehouse.simulator.domain.DynamicRule;
import java.util.List;

/**
 * Body of {@code POST /sim/groups}: {@code {"name", "description"?, "memberGroupIds"?: [gid…], "userIds"?: [uid…],
 * "dynamicRule"?: {"field","operator"?,"value"}}}.
 */
public record GroupRequest(
        String name, String description, List<String> memberGroupIds, List<String> userIds, DynamicRule dynamicRule) {}
