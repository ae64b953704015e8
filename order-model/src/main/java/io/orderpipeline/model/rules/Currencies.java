package io.orderpipeline.model.rules;

import java.util.Currency;

/**
 * ISO 4217 currencies the JDK knows, keyed by code, looked up without exceptions. Currencies without minor units
 * defined (fraction digits -1: gold {@code XAU}, {@code XXX}, …) are not accepted for orders.
 */
final class Currencies {

    /** Minor-unit digits by code, indexed by its three letters (-1: not an accepted currency); one array read per look-up. */
    private static final byte[] FRACTION_DIGITS = new byte[26 * 26 * 26];

    static {
        java.util.Arrays.fill(FRACTION_DIGITS, (byte) -1);
        for (Currency currency : Currency.getAvailableCurrencies()) {
            int digits = currency.getDefaultFractionDigits();
            String code = currency.getCurrencyCode();
            if (digits >= 0 && isThreeUpperCaseLetters(code)) {
                FRACTION_DIGITS[index(code)] = (byte) digits;
            }
        }
    }

    private Currencies() {
    }

    /** The currency's minor-unit digits (JPY 0, EUR 2, BHD 3) or -1 when the code is not an accepted currency. */
    static int fractionDigits(String code) {
        return isThreeUpperCaseLetters(code) ? FRACTION_DIGITS[index(code)] : -1;
    }

    private static int index(String code) {
        return ((code.charAt(0) - 'A') * 26 + (code.charAt(1) - 'A')) * 26 + (code.charAt(2) - 'A');
    }

    static boolean isThreeUpperCaseLetters(String code) {
        return code.length() == 3 && isUpper(code.charAt(0)) && isUpper(code.charAt(1)) && isUpper(code.charAt(2));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
