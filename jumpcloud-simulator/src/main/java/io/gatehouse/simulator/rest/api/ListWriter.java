package io.gatehouse.simulator.rest.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.simulator.fault.FaultRegistry;
import io.gatehouse.simulator.fault.FaultSpec;
import io.gatehouse.simulator.fault.FaultType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pages a list that is already in ascending id order and streams it as JSON. Only the requested page is mapped
 * to JSON unless a filter or a non-id sort needs every item; list faults (short page, wrong total) apply here.
 */
@ApplicationScoped
public class ListWriter {

    private final ObjectMapper mapper;
    private final FaultRegistry faults;

    public ListWriter(ObjectMapper mapper, FaultRegistry faults) {
        this.mapper = mapper;
        this.faults = faults;
    }

    /** v2 style: a bare JSON array and an {@code X-Total-Count} header. */
    public <T> Response v2(String path, List<T> idOrdered, Function<T, Map<String, Object>> toJson, ListQuery query) {
        Page page = page(path, idOrdered, toJson, query);
        StreamingOutput body = out -> {
            try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
                json.writeStartArray();
                for (Map<String, Object> item : page.items()) {
                    mapper.writeValue(json, item);
                }
                json.writeEndArray();
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON)
                .header("X-Total-Count", page.total())
                .build();
    }

    /** v1 style: {@code {"results": [...], "totalCount": n}}. */
    public <T> Response v1(String path, List<T> idOrdered, Function<T, Map<String, Object>> toJson, ListQuery query) {
        Page page = page(path, idOrdered, toJson, query);
        StreamingOutput body = out -> {
            try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("results");
                for (Map<String, Object> item : page.items()) {
                    mapper.writeValue(json, item);
                }
                json.writeEndArray();
                json.writeNumberField("totalCount", page.total());
                json.writeEndObject();
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }

    record Page(List<Map<String, Object>> items, long total) {}

    private <T> Page page(String path, List<T> idOrdered, Function<T, Map<String, Object>> toJson, ListQuery query) {
        List<Map<String, Object>> items;
        long total;
        if (query.filters().isEmpty() && (query.naturalOrder() || query.reverseIdOrder())) {
            List<T> ordered = query.naturalOrder() ? idOrdered : reversed(idOrdered);
            total = ordered.size();
            int from = (int) Math.min(query.skip(), total);
            int to = (int) Math.min((long) from + query.limit(), total);
            items = new ArrayList<>(to - from);
            for (T item : ordered.subList(from, to)) {
                items.add(toJson.apply(item));
            }
        } else {
            List<Map<String, Object>> all = new ArrayList<>();
            for (T item : idOrdered) {
                Map<String, Object> json = toJson.apply(item);
                if (query.filters().stream().allMatch(f -> f.matches(lookup(json, f.field())))) {
                    all.add(json);
                }
            }
            if (!query.naturalOrder()) {
                all.sort(comparator(query.sort()));
            }
            total = all.size();
            int from = (int) Math.min(query.skip(), total);
            int to = (int) Math.min((long) from + query.limit(), total);
            items = new ArrayList<>(all.subList(from, to));
        }
        Optional<FaultSpec> fault = faults.take(path, EnumSet.of(FaultType.SHORT_PAGE, FaultType.WRONG_TOTAL));
        if (fault.isPresent() && fault.get().type() == FaultType.SHORT_PAGE && !items.isEmpty()) {
            int drop = fault.get().dropItems() == null
                    ? Math.max(1, items.size() / 2)
                    : fault.get().dropItems();
            items = new ArrayList<>(items.subList(0, Math.max(0, items.size() - drop)));
        } else if (fault.isPresent() && fault.get().type() == FaultType.WRONG_TOTAL) {
            total = Math.max(0, total + fault.get().totalCountDelta());
        }
        return new Page(items, total);
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    /** Reads a field, with dots for nesting ({@code to.id}); {@code object_id} is JumpCloud's alias of {@code id}. */
    @SuppressWarnings("unchecked")
    static Object lookup(Map<String, Object> json, String field) {
        String key = "object_id".equals(field) ? "id" : field;
        if (json.containsKey(key)) {
            return json.get(key);
        }
        if ("id".equals(key) && json.containsKey("_id")) {
            return json.get("_id");
        }
        Object current = json;
        for (String part : key.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    private static Comparator<Map<String, Object>> comparator(List<ListQuery.Sort> sorts) {
        Comparator<Map<String, Object>> result = (a, b) -> 0;
        for (ListQuery.Sort sort : sorts) {
            Comparator<Map<String, Object>> one = Comparator.comparing(
                    (Map<String, Object> m) -> {
                        Object value = lookup(m, sort.field());
                        return value == null ? null : String.valueOf(value).toLowerCase();
                    },
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            result = result.thenComparing(sort.descending() ? one.reversed() : one);
        }
        return result;
    }
}
