package io.orderpipeline.reconciler.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The key an event names, resolved to the object that exists: as received, percent-decoded, '+' as space. */
class EventKeysTest {

    final InMemoryObjectStore store = new InMemoryObjectStore();
    final EventKeys keys = new EventKeys(store);

    /** S3's documented encoding of notification keys: application/x-www-form-urlencoded, '/' kept. */
    static String urlEncoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    @Test
    void theCandidatesComeInOrderAndOnlyOnce() {
        assertThat(EventKeys.candidates("incoming/a+b%2Bc.json")).extracting(EventKeys.Candidate::key)
                .containsExactly("incoming/a+b%2Bc.json", "incoming/a+b+c.json", "incoming/a b+c.json");
        assertThat(EventKeys.candidates("incoming/plain.json")).extracting(EventKeys.Candidate::key)
                .containsExactly("incoming/plain.json");
        assertThat(EventKeys.candidates("incoming/a+b.json")).extracting(EventKeys.Candidate::decoding)
                .containsExactly(EventKeys.Decoding.AS_RECEIVED, EventKeys.Decoding.FORM_DECODED);
        // a '%' that starts no escape, or escapes that are not UTF-8, decode to nothing
        assertThat(EventKeys.candidates("incoming/100%.json")).hasSize(1);
        assertThat(EventKeys.candidates("incoming/%C3%28.json")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "incoming/red flower.json", "incoming/a+b.json", "incoming/100% real.json", "incoming/x=1&y=2.csv",
            "incoming/café/Ünïcødé 注文.jsonl", "incoming/%41.json", "incoming/a+b %2B c=d.json"})
    void aKeySentRawOrUrlEncodedResolvesToTheObjectItNames(String key) throws IOException {
        String version = store.putVersion("b", key, "[]".getBytes(StandardCharsets.UTF_8));
        for (String received : new String[]{key, urlEncoded(key)}) {
            var resolved = keys.resolve("b", received, version, 2L, InMemoryObjectStore.etag("[]".getBytes()));
            assertThat(resolved).as(received).get().extracting(EventKeys.Resolved::key).isEqualTo(key);
        }
    }

    @Test
    void whenTwoCandidatesExistTheEventsVersionIdDecides() throws IOException {
        // "a b.json" URL-encoded is "a+b.json", which is also the name of another object
        String literalPlus = store.putVersion("b", "incoming/a+b.json", "[1]".getBytes(StandardCharsets.UTF_8));
        String withSpace = store.putVersion("b", "incoming/a b.json", "[2]".getBytes(StandardCharsets.UTF_8));

        var forSpace = keys.resolve("b", "incoming/a+b.json", withSpace, null, null).orElseThrow();
        assertThat(forSpace.key()).isEqualTo("incoming/a b.json");
        assertThat(forSpace.decoding()).isEqualTo(EventKeys.Decoding.FORM_DECODED);

        var forPlus = keys.resolve("b", "incoming/a+b.json", literalPlus, null, null).orElseThrow();
        assertThat(forPlus.key()).isEqualTo("incoming/a+b.json");
        assertThat(forPlus.decoding()).isEqualTo(EventKeys.Decoding.AS_RECEIVED);
        // the literal '+' URL-encoded is %2B: percent-decoding finds it, never the space
        assertThat(keys.resolve("b", "incoming/a%2Bb.json", literalPlus, null, null)).get()
                .extracting(EventKeys.Resolved::key).isEqualTo("incoming/a+b.json");
    }

    @Test
    void withoutVersionIdsTheSizeAndEtagDecide() throws IOException {
        store.putVersion("b", "incoming/a+b.json", "[1]".getBytes(StandardCharsets.UTF_8));
        store.putVersion("b", "incoming/a b.json", "[22]".getBytes(StandardCharsets.UTF_8));

        assertThat(keys.resolve("b", "incoming/a+b.json", null, 4L, null)).get()
                .extracting(EventKeys.Resolved::key).isEqualTo("incoming/a b.json");
        assertThat(keys.resolve("b", "incoming/a+b.json", null, null,
                InMemoryObjectStore.etag("[22]".getBytes()).replace("\"", ""))).get()
                .extracting(EventKeys.Resolved::key).isEqualTo("incoming/a b.json");
        assertThat(keys.resolve("b", "incoming/a+b.json", null, 3L, null)).get()
                .extracting(EventKeys.Resolved::key).isEqualTo("incoming/a+b.json");
    }

    @Test
    void anObjectNoCandidateHoldsIsNotFound() throws IOException {
        assertThat(keys.resolve("b", "incoming/gone.json", "v9", null, null)).isEmpty();
        store.putVersion("b", "incoming/gone.json", "[]".getBytes(StandardCharsets.UTF_8));
        // another version of the key (overwritten since the event) is not the event's object
        assertThat(keys.resolve("b", "incoming/gone.json", "v9", null, null)).isEmpty();
    }
}
