package io.gatehouse.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Every Gatehouse timer ({@code gatehouse.*}: ACS latency, sync duration) is published with histogram buckets,
 * so Prometheus can compute percentiles over all replicas ({@code histogram_quantile} on {@code _bucket}).
 */
@Singleton
public class Histograms {
    @Produces
    @Singleton
    public MeterFilter gatehouseTimerHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER && id.getName().startsWith("gatehouse.")) {
                    return DistributionStatisticConfig.builder()
                            .percentilesHistogram(true)
                            .build()
                            .merge(config);
                }
                return config;
            }
        };
    }
}
