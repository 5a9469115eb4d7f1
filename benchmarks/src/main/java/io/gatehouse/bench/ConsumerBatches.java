package io.gatehouse.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many records each Gatehouse consumer's poll batches held, from a service's Prometheus page:
 * {@code gatehouse_events_batch_size_count{consumer}} (batches) and {@code _sum} (records). One transaction, one
 * processed-event insert and one poll are spread over a batch's records, so this says how much of a login's event
 * work is paid per event and how much per batch.
 */
final class ConsumerBatches {
    /** Batches and records so far. */
    record Reading(double batches, double records) {
        Reading minus(Reading before) {
            return before == null ? this : new Reading(batches - before.batches, records - before.records);
        }
    }

    private static final Pattern LINE = Pattern.compile(
            "^gatehouse_events_batch_size_(count|sum)\\{[^}]*consumer=\"([^\"]+)\"[^}]*}\\s+(\\S+)$",
            Pattern.MULTILINE);

    private ConsumerBatches() {}

    /** Each consumer's reading in a Prometheus text page (consumers not in it have applied no batch yet). */
    static Map<String, Reading> parse(String prometheusText) {
        Map<String, double[]> values = new LinkedHashMap<>();
        Matcher m = LINE.matcher(prometheusText);
        while (m.find()) {
            double[] v = values.computeIfAbsent(m.group(2), k -> new double[2]);
            v[m.group(1).equals("count") ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        Map<String, Reading> readings = new LinkedHashMap<>();
        values.forEach((consumer, v) -> readings.put(consumer, new Reading(v[0], v[1])));
        return readings;
    }

    /** The readings of the services at these base URLs ({@code /q/metrics}). */
    static Map<String, Reading> read(String... serviceUrls) {
        Map<String, Reading> all = new LinkedHashMap<>();
        for (String url : serviceUrls) {
            all.putAll(parse(Http.get(url + "/q/metrics", null).expect(200).body()));
        }
        return all;
    }

    /** A window's batches per consumer: {@code {consumer: {batches, records, recordsPerBatch}}}. */
    static Map<String, Object> window(Map<String, Reading> before, Map<String, Reading> after) {
        Map<String, Object> m = new LinkedHashMap<>();
        after.forEach((consumer, reading) -> {
            Reading w = reading.minus(before.get(consumer));
            if (w.batches() <= 0) {
                return;
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("batches", Math.round(w.batches()));
            c.put("records", Math.round(w.records()));
            c.put("recordsPerBatch", Stats.round(w.records() / w.batches()));
            m.put(consumer, c);
        });
        return m;
    }
}
