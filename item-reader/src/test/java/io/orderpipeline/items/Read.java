package io.orderpipeline.items;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: every item of a text or byte array. */
final class Read {

    private Read() {
    }

    static List<Item> all(String text, ReaderSpec spec) throws IOException {
        return all(text.getBytes(StandardCharsets.UTF_8), spec);
    }

    static List<Item> all(byte[] bytes, ReaderSpec spec) throws IOException {
        var items = new ArrayList<Item>();
        try (var stream = ItemStream.open(new ByteArrayInputStream(bytes), spec)) {
            for (Item item = stream.next(); item != null; item = stream.next()) {
                items.add(item);
            }
        }
        return items;
    }

    static List<String> texts(String text, ReaderSpec spec) throws IOException {
        return all(text, spec).stream().map(item -> ExactJson.write(item.value())).toList();
    }

    static byte[] bytes(Object... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (part instanceof Integer b) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
