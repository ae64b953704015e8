package io.orderpipeline.model.fast;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orderpipeline.model.json.Decimals;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written JSON text against the reference conversions it replaces. */
class JsonBytesTest {

    @Test
    void decimalsAreWrittenAsTheirCanonicalText() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100_000; i++) {
            BigInteger unscaled = switch (random.nextInt(4)) {
                case 0 -> BigInteger.valueOf(random.nextInt(-1000, 1_000_000));
                case 1 -> BigInteger.valueOf(random.nextLong());
                case 2 -> BigInteger.valueOf(random.nextInt(100)).multiply(BigInteger.TEN.pow(random.nextInt(25)));
                default -> new BigInteger(random.nextInt(1, 140), new java.util.Random(random.nextLong()));
            };
            BigDecimal value = new BigDecimal(unscaled, random.nextInt(-25, 40));
            JsonBytes out = new JsonBytes(8);
            out.decimal(value);
            assertThat(text(out)).as("%s", value).isEqualTo(Decimals.canonical(value));
        }
    }

    @Test
    void integersAreWrittenAsTheirText() {
        SplittableRandom random = new SplittableRandom(12);
        for (long value : new long[]{0, 7, -7, 10, 100, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE}) {
            JsonBytes out = new JsonBytes(4);
            out.integer(value);
            assertThat(text(out)).isEqualTo(Long.toString(value));
        }
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            JsonBytes out = new JsonBytes(4);
            out.integer(JsonNodeFactory.instance.numberNode(value));
            assertThat(text(out)).isEqualTo(Long.toString(value));
        }
        JsonBytes big = new JsonBytes(4);
        big.integer(JsonNodeFactory.instance.numberNode(new BigInteger("-123456789012345678901234567890")));
        assertThat(text(big)).isEqualTo("-123456789012345678901234567890");
    }

    private static String text(JsonBytes out) {
        return new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII);
    }
}
