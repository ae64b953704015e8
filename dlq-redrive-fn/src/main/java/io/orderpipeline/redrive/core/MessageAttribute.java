package io.orderpipeline.redrive.core;

import java.nio.ByteBuffer;

/**
 * A message attribute as SQS carries it: a data type ({@code String}, {@code Number}, {@code Binary}, or one of those
 * with a custom suffix) and a string or a binary value. A copy carries its original's attributes exactly, so the
 * binary value is kept too ({@code null} for the others).
 */
public record MessageAttribute(String dataType, String stringValue, ByteBuffer binaryValue) {

    public MessageAttribute {
        binaryValue = binaryValue == null ? null : binaryValue.asReadOnlyBuffer();
    }

    public static MessageAttribute string(String value) {
        return new MessageAttribute("String", value, null);
    }
}
