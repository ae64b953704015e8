package io.orderpipeline.items;

import java.util.Arrays;
import java.util.stream.Collectors;

/** ReaderConfig {@code CSVDelimiter}: the field separator; AWS's default is COMMA. */
public enum CsvDelimiter {
    COMMA(','), PIPE('|'), SEMICOLON(';'), SPACE(' '), TAB('\t');

    private final char character;

    CsvDelimiter(char character) {
        this.character = character;
    }

    public char character() {
        return character;
    }

    /**
     * @param awsName the value as written in ReaderConfig, e.g. {@code "PIPE"}
     * @throws IllegalArgumentException naming the allowed values
     */
    public static CsvDelimiter named(String awsName) {
        for (CsvDelimiter delimiter : values()) {
            if (delimiter.name().equals(awsName)) {
                return delimiter;
            }
        }
        throw new IllegalArgumentException("CSVDelimiter '" + awsName + "' is not one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
