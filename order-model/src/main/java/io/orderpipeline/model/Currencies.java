package io.orderpipeline.model;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * ISO 4217 currencies the JDK knows, keyed by code, looked up without exceptions. Currencies without minor units
 * defined (fraction digits -1: gold {@code XAU}, {@code XXX}, …) are not accepted for orders.
 */
final class Currencies {

    private static final Map<String, Integer> FRACTION_DIGITS = new HashMap<>();

    static {
        for (Currency currency : Currency.getAvailableCurrencies()) {
            int digits = currency.getDefaultFractionDigits();
            String code = currency.getCurrencyCode();
            if (digits >= 0 && isThreeUpperCaseLetters(code)) {
                FRACTION_DIGITS.put(code, digits);
            }
        }
    }

    private Currencies() {
    }

    /** The currency's minor-unit digits (JPY 0, EUR 2, BHD 3) or -1 when the code is not an accepted currency. */
    static int fractionDigits(String code) {
        if (!isThreeUpperCaseLetters(code)) {
            return -1;
        }
        Integer digits = FRACTION_DIGITS.get(code);
        return digits == null ? -1 : digits;
    }

    static boolean isThreeUpperCaseLetters(String code) {
        return code.length() == 3 && isUpper(code.charAt(0)) && isUpper(code.charAt(1)) && isUpper(code.charAt(2));
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
