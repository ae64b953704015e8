package io.orderpipeline.asl.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

/** The 256 KiB payload quota on state input/output, task results and execution input/output. */
public final class PayloadLimit {

    public static final long MAX_BYTES = 262_144;

    private PayloadLimit() {
    }

    /** @throws StatesError {@code States.DataLimitExceeded} when the UTF-8 JSON text is larger than 262,144 bytes */
    public static void check(JsonNode payload, String what) throws StatesError {
        long size = Json.sizeInBytes(payload);
        if (size > MAX_BYTES) {
            throw new StatesError(ErrorNames.DATA_LIMIT_EXCEEDED, "The state/task returned a result with a size exceeding the "
                    + "maximum number of bytes service limit: " + what + " is " + size + " bytes, the limit is "
                    + MAX_BYTES + " bytes");
        }
    }
}
