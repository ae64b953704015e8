package io.orderpipeline.items;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NumericNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A JSON number that keeps the text it was written with: {@code 9.950000000000000000000000000001},
 * {@code 1e400}, {@code 1E-400} and {@code -0} are written back exactly as read, and compare by their exact decimal
 * value ({@link #decimalValue()}). Jackson's own nodes would round a float through a double (1e400 becomes
 * Infinity) or normalise its text (trailing zeros, exponent form), which changes what the next reader sees.
 * Two nodes are equal when their decimal values are ({@code 1.50} equals {@code 1.5}).
 */
public final class ExactDecimalNode extends NumericNode {

    private static final long serialVersionUID = 1L;

    private final String text;
    private final BigDecimal value;

    ExactDecimalNode(String text, BigDecimal value) {
        this.text = text;
        this.value = value;
    }

    /**
     * A number node for valid JSON number text, e.g. {@code "19.90"} or {@code "1e400"}.
     *
     * @throws NumberFormatException when the text is not a JSON number
     */
    public static ExactDecimalNode of(String jsonNumberText) {
        if (!jsonNumberText.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw new NumberFormatException("not a JSON number: " + jsonNumberText);
        }
        return new ExactDecimalNode(jsonNumberText, new BigDecimal(jsonNumberText));
    }

    /** The number exactly as it was written. */
    public String text() {
        return text;
    }

    @Override
    public JsonToken asToken() {
        return JsonToken.VALUE_NUMBER_FLOAT;
    }

    @Override
    public JsonParser.NumberType numberType() {
        return JsonParser.NumberType.BIG_DECIMAL;
    }

    @Override
    public boolean isFloatingPointNumber() {
        return true;
    }

    @Override
    public boolean isBigDecimal() {
        return true;
    }

    @Override
    public boolean canConvertToInt() {
        return value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    @Override
    public boolean canConvertToLong() {
        return value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    @Override
    public boolean canConvertToExactIntegral() {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    @Override
    public Number numberValue() {
        return value;
    }

    @Override
    public int intValue() {
        return value.intValue();
    }

    @Override
    public long longValue() {
        return value.longValue();
    }

    @Override
    public double doubleValue() {
        return value.doubleValue();
    }

    @Override
    public BigDecimal decimalValue() {
        return value;
    }

    @Override
    public BigInteger bigIntegerValue() {
        return value.toBigInteger();
    }

    @Override
    public String asText() {
        return text;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeNumber(text);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExactDecimalNode node && node.value.compareTo(value) == 0;
    }

    @Override
    public int hashCode() {
        return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
    }
}
