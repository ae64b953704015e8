package io.orderpipeline.items;

/** Small text helpers: surrogate checks and short quoting for messages. */
final class Text {

    private Text() {
    }

    /** The index of the first surrogate that is not part of a high-low pair, or -1. */
    static int unpairedSurrogateAt(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** The text in quotes, shortened to 60 characters for an error message. */
    static String quoted(String text) {
        return "'" + (text.length() <= 60 ? text : text.substring(0, 60) + "…") + "'";
    }
}
