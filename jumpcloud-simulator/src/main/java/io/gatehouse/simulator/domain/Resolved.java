package io.gatehouse.simulator.domain;

import java.util.List;
import java.util.Map;

/**
 * A resolved set of graph objects: ids in ascending order and, per id, every path that reaches it.
 */
public record Resolved(List<String> ids, Map<String, List<List<Hop>>> paths) {

    public boolean contains(String id) {
        return paths.containsKey(id);
    }
}
