package io.gatehouse.testsupport.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;
import java.util.Random;

/**
 * The decisions a mutation program takes, from Jazzer's {@link FuzzedDataProvider} (coverage-guided fuzzing and
 * its regression seeds) or from a seeded {@link Random} (the fixed-iteration sweep that runs in every build).
 */
public interface Choices {
    /** An int in [min, max]. */
    int pick(int min, int max);

    boolean flag();

    /** Free text of at most {@code maxLength} characters. */
    String text(int maxLength);

    default <T> T oneOf(List<T> values) {
        return values.get(pick(0, values.size() - 1));
    }

    static Choices of(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int pick(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public boolean flag() {
                return data.consumeBoolean();
            }

            @Override
            public String text(int maxLength) {
                return data.consumeString(maxLength);
            }
        };
    }

    static Choices of(Random random) {
        return new Choices() {
            @Override
            public int pick(int min, int max) {
                return (int) (min + Math.floorMod(random.nextLong(), (long) max - min + 1));
            }

            @Override
            public boolean flag() {
                return random.nextBoolean();
            }

            @Override
            public String text(int maxLength) {
                int n = random.nextInt(maxLength + 1);
                StringBuilder b = new StringBuilder(n);
                for (int i = 0; i < n; i++) {
                    int kind = random.nextInt(10);
                    b.append(
                            kind < 6
                                    ? (char) (0x20
                                            + random.nextInt(0x5f)) // printable ASCII, XML metacharacters included
                                    : kind < 8
                                            ? (char) random.nextInt(0x20) // control characters
                                            : (char) (0x80
                                                    + random.nextInt(0xff80))); // anything else, surrogates included
                }
                return b.toString();
            }
        };
    }
}
