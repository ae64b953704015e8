package io.orderpipeline.items;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonItemsTest {

    @Test
    void eachArrayElementIsAnItemWithItsIndexAndPayloadSize() throws Exception {
        var items = Read.all("[ {\"id\": 1, \"price\": 9.950000000000000000000000000001}, \"x\", 1e400, null ]",
                ReaderSpec.json());
        assertThat(items).extracting(Item::index).containsExactly(0L, 1L, 2L, 3L);
        assertThat(ExactJson.write(items.get(0).value())).isEqualTo("{\"id\":1,\"price\":9.950000000000000000000000000001}");
        assertThat(items.get(0).bytes()).isEqualTo(49);
        assertThat(ExactJson.write(items.get(2).value())).isEqualTo("1e400");
        assertThat(items.get(3).value().isNull()).isTrue();
        assertThat(items.get(3).bytes()).isEqualTo(4);
    }

    @Test
    void anythingButOneArrayIsRejected() {
        assertProblem("{\"orders\": []}", ItemReadException.Problem.NOT_A_JSON_ARRAY, "holds a JSON object");
        assertProblem("", ItemReadException.Problem.NOT_A_JSON_ARRAY, "no JSON value");
        assertProblem("[1, 2] [3]", ItemReadException.Problem.MALFORMED_JSON, "more JSON follows");
        assertProblem("[1, 2", ItemReadException.Problem.MALFORMED_JSON, "");
        assertProblem("[{\"a\": 1,}]", ItemReadException.Problem.MALFORMED_JSON, "");
        assertProblem("[{\"a\":1,\"a\":2}]", ItemReadException.Problem.MALFORMED_JSON, "Duplicate field");
        assertProblem("[\"\\uD800\"]", ItemReadException.Problem.LONE_SURROGATE, "lone surrogate");
    }

    @Test
    void invalidUtf8IsAReadErrorWithItsOffsetNeverAReplacementCharacter() {
        byte[] bytes = Read.bytes("[\"ok\", \"caf", 0xC3, 0x28, "\"]");
        var error = problem(bytes, ReaderSpec.json());
        assertThat(error.problem()).isEqualTo(ItemReadException.Problem.INVALID_UTF8);
        assertThat(error.byteOffset()).isEqualTo(11);
        assertThat(error.getMessage()).contains("0xC3");
        // an encoded surrogate (CESU-8) and a sequence cut off at the end are no better
        assertThat(problem(Read.bytes("[\"", 0xED, 0xA0, 0x80, "\"]"), ReaderSpec.json()).problem())
                .isEqualTo(ItemReadException.Problem.INVALID_UTF8);
        assertThat(problem(Read.bytes("[\"a\"] ", 0xE2, 0x82), ReaderSpec.json()).problem())
                .isEqualTo(ItemReadException.Problem.INVALID_UTF8);
    }

    @Test
    void itemsStreamOneAtATimeSoTheOnesBeforeAProblemAreDelivered() throws Exception {
        try (var stream = ItemStream.open(input("[1, 2, oops]"), ReaderSpec.json())) {
            assertThat(stream.next().value().asInt()).isEqualTo(1);
            assertThat(stream.next().value().asInt()).isEqualTo(2);
            assertThatThrownBy(stream::next).isInstanceOf(ItemReadException.class);
        }
    }

    @Test
    void maxItemsStopsReadingSoLaterContentIsNeverLookedAt() throws Exception {
        var items = Read.all("[1, 2, 3, oops", ReaderSpec.json().withMaxItems(2));
        assertThat(items).extracting(item -> item.value().asInt()).containsExactly(1, 2);
    }

    @Test
    void aByteOrderMarkIsNotData() throws Exception {
        var items = Read.all(Read.bytes(0xEF, 0xBB, 0xBF, "[7]"), ReaderSpec.json());
        assertThat(items).extracting(item -> item.value().asInt()).containsExactly(7);
    }

    private static void assertProblem(String text, ItemReadException.Problem problem, String message) {
        var error = problem(text.getBytes(StandardCharsets.UTF_8), ReaderSpec.json());
        assertThat(error.problem()).isEqualTo(problem);
        assertThat(error.getMessage()).contains(message);
    }

    static ItemReadException problem(byte[] bytes, ReaderSpec spec) {
        try {
            Read.all(bytes, spec);
        } catch (ItemReadException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an ItemReadException, got " + e, e);
        }
        throw new AssertionError("expected an ItemReadException, but the object was read");
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
