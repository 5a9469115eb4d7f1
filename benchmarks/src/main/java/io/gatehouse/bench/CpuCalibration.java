package io.gatehouse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validation limit per CPU-second of the measuring thread (ThreadMXBean CPU time), next to JMH's wall-clock
 * figure: on a shared machine the thread gets only part of a core, and this figure is what one whole core would do.
 */
final class CpuCalibration {
    private CpuCalibration() {}

    static Map<String, Object> validationPerCpuSecond(double warmSeconds, double seconds) throws Exception {
        Saml.IdpKey key = Saml.IdpKey.generate("CN=calibration");
        Saml.Login login = Saml.Login.gatehouse(
                ValidationBenchmarks.SP,
                ValidationBenchmarks.ACCOUNT,
                ValidationBenchmarks.IDP,
                "calibration@" + ValidationBenchmarks.DOMAIN,
                null);
        String[] rs = new String[64];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = Saml.signedResponse(key, login, Instant.now());
        }
        AcsValidation v = new AcsValidation(key, login, ValidationBenchmarks.DOMAIN);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        loop(v, rs, warmSeconds, threads);
        long[] r = loop(v, rs, seconds, threads);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("validations", r[0]);
        m.put("wallSeconds", Stats.round(r[1] / 1e9));
        m.put("threadCpuSeconds", Stats.round(r[2] / 1e9));
        m.put("perWallSecond", Stats.round(r[0] / (r[1] / 1e9)));
        m.put("perCpuSecond", Stats.round(r[0] / (r[2] / 1e9)));
        m.put("cpuMsPerValidation", Stats.round(r[2] / 1e6 / r[0]));
        m.put("responseBase64Chars", rs[0].length());
        return m;
    }

    private static long[] loop(AcsValidation v, String[] rs, double seconds, ThreadMXBean threads) throws Exception {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long n = 0;
        while (System.nanoTime() < end) {
            v.validate(rs[(int) (n & 63)]);
            n++;
        }
        return new long[] {n, System.nanoTime() - t0, threads.getCurrentThreadCpuTime() - cpu0};
    }
}
