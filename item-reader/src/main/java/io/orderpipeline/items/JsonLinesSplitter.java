package io.orderpipeline.items;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** InputType JSONL: each line (ended by LF, or by the end of the object) holds one JSON value, which is an item. */
final class JsonLinesSplitter implements Splitter {

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long offset;
    private long lineNumber;
    private boolean ended;

    /** @param in buffered; @param offsetBase where {@code in} starts in the object */
    JsonLinesSplitter(InputStream in, long offsetBase) {
        this.in = in;
        this.offset = offsetBase;
    }

    @Override
    public JsonNode next() throws IOException {
        while (!ended) {
            long lineStart = offset;
            if (!readLine()) {
                return null;
            }
            byte[] bytes = line.toByteArray();
            if (Undocumented.SKIP_BLANK_JSONL_LINES && isBlank(bytes)) {
                continue;
            }
            try (JsonParser parser = ExactJson.mapper().createParser(bytes)) {
                JsonNode value = ExactJson.readValue(parser);
                if (parser.nextToken() != null) {
                    throw new ItemReadException(ItemReadException.Problem.MORE_THAN_ONE_VALUE,
                            "the line holds more than one JSON value", lineNumber,
                            lineStart + parser.currentTokenLocation().getByteOffset(), null);
                }
                return value;
            } catch (JsonProcessingException e) {
                throw JsonProblems.of(e, lineNumber - 1, lineStart);
            }
        }
        return null;
    }

    /** Reads the next line (without its LF) into {@code line}; false at the end of the object. */
    private boolean readLine() throws IOException {
        line.reset();
        int b = in.read();
        if (b == -1) {
            ended = true;
            return false;
        }
        lineNumber++;
        while (b != -1 && b != '\n') {
            line.write(b);
            b = in.read();
        }
        offset += line.size() + (b == '\n' ? 1 : 0);
        if (b == -1) {
            ended = true;
        }
        return true;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
