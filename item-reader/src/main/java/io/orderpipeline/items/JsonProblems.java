package io.orderpipeline.items;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns Jackson's reading errors into {@link ItemReadException}s that say where. */
final class JsonProblems {

    private JsonProblems() {
    }

    /**
     * @param lineBase   added to Jackson's line number (the line a JSONL record starts on, minus 1)
     * @param offsetBase added to Jackson's byte offset (where the parsed bytes start in the object)
     */
    static ItemReadException of(JsonProcessingException e, long lineBase, long offsetBase) {
        JsonLocation location = e.getLocation();
        long line = location == null || location.getLineNr() < 1 ? 0 : lineBase + location.getLineNr();
        long offset = location == null || location.getByteOffset() < 0 ? -1 : offsetBase + location.getByteOffset();
        var problem = e instanceof InvalidTextException
                ? ItemReadException.Problem.LONE_SURROGATE : ItemReadException.Problem.MALFORMED_JSON;
        return new ItemReadException(problem, e.getOriginalMessage(), line, offset, e);
    }
}
