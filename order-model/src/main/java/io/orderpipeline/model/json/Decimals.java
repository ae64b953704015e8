package io.orderpipeline.model.json;

import java.math.BigDecimal;

/** Exact decimal helpers for money and quantities: the plain-decimal text rule, digit counts, canonical text. */
public final class Decimals {

    private Decimals() {
    }

    /**
     * Parses a plain decimal ({@code -?digits(.digits)?([eE][+-]?digits)?}) or returns null — a scan first, so
     * bad CSV cells do not cost an exception.
     */
    public static BigDecimal parseOrNull(String s) {
        int n = s.length();
        if (n == 0 || n > 100) {
            return null;
        }
        int i = 0;
        if (s.charAt(0) == '-') {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return null;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            int fraction = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                fraction++;
            }
            if (fraction == 0) {
                return null;
            }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0 || exponent > 9) {
                return null;
            }
        }
        return i == n ? new BigDecimal(s) : null;
    }

    /** Number of significant fraction digits (trailing zeros do not count; 0 for integers). */
    public static int fractionDigits(BigDecimal value) {
        int scale = value.scale();
        if (scale <= 0) {
            return 0;
        }
        if (value.unscaledValue().testBit(0)) {
            return scale; // odd unscaled value: no trailing zero to strip
        }
        return Math.max(0, value.stripTrailingZeros().scale());
    }

    /** Digits left of the decimal point (0 for |value| < 1); cheap, no scale alignment. */
    public static int integerDigits(BigDecimal value) {
        return Math.max(0, value.precision() - value.scale());
    }

    /** Canonical text: no trailing zeros, plain notation ({@code 24.40 → 24.4}, {@code 1E+2 → 100}). Bounded inputs only. */
    public static String canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        String plain = value.toPlainString();
        int length = canonicalLength(plain, value.scale());
        return length == plain.length() ? plain : plain.substring(0, length);
    }

    /**
     * How much of a non-zero value's {@code toPlainString()} is its canonical text: the same digits as
     * {@code stripTrailingZeros().toPlainString()} without a second BigDecimal. Only a fraction can end in zeros to
     * drop (plain text of a scale ≤ 0 is an integer written out in full), and a fraction of only zeros drops its point.
     */
    public static int canonicalLength(String plain, int scale) {
        int end = plain.length();
        if (scale <= 0) {
            return end;
        }
        while (plain.charAt(end - 1) == '0') {
            end--;
        }
        return plain.charAt(end - 1) == '.' ? end - 1 : end;
    }

    /** Text for a message: plain notation when short, scientific otherwise (never expands 1E-999999999). */
    public static String forMessage(BigDecimal value) {
        int scale = value.scale();
        int integerDigits = value.precision() - scale;
        if (scale > 40 || scale < -40 || integerDigits > 40) {
            return Json.abbreviate(value.toString(), 64);
        }
        return Json.abbreviate(value.toPlainString(), 64);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
