package io.orderpipeline.redrive.aws;

import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.redrive.Dlq;
import io.orderpipeline.redrive.MutableClock;
import io.orderpipeline.redrive.core.DeadLetterQueue.BatchResult;
import io.orderpipeline.redrive.core.DeadLetterQueue.Destination;
import io.orderpipeline.redrive.core.DeadLetterQueue.Handle;
import io.orderpipeline.redrive.core.DeadLetterQueue.Outgoing;
import io.orderpipeline.redrive.core.DeadLetterQueue.ReceiveFailed;
import io.orderpipeline.redrive.core.MessageAttribute;
import io.orderpipeline.redrive.core.ReceivedMessage;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The DLQ port on SQS: what a received message becomes, where copies go, how batches are cut and fail. */
class SqsDeadLetterQueueTest {

    private final MutableClock clock = new MutableClock(Dlq.NOW);
    private final FakeSqs sqs = new FakeSqs(clock, Dlq.DLQ, Dlq.PARKING);
    private final SqsDeadLetterQueue queue = new SqsDeadLetterQueue(sqs.client, sqs.client, Dlq.DLQ, Dlq.PARKING,
            clock, false);

    @Test
    void aReceivedMessageKeepsItsAttributesAndIsMarkedAClaimCheckByTheLibrarysAttributeAlone() {
        var attributes = new java.util.LinkedHashMap<>(AwsHarness.identified(ReasonCode.RECORD_TOO_LARGE, "rid-1"));
        attributes.put("ExtendedPayloadSize", MessageAttributeValue.builder().dataType("Number").stringValue("300000")
                .build());
        attributes.put("trace", MessageAttributeValue.builder().dataType("Binary")
                .binaryValue(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).build());
        String id = sqs.put(Dlq.DLQ, "[\"pointer\"]", attributes);
        sqs.put(Dlq.DLQ, "{}", AwsHarness.attributes(ReasonCode.INVALID_SKU));

        List<ReceivedMessage> received = queue.receive(10);

        assertThat(received).hasSize(2);
        ReceivedMessage claimCheck = received.getFirst();
        assertThat(claimCheck.messageId()).isEqualTo(id);
        assertThat(claimCheck.claimCheck()).isTrue();
        assertThat(claimCheck.attributes()).containsOnlyKeys("reasonCode", "sourceKey", "recordId", "trace");
        assertThat(claimCheck.attribute("recordId")).isEqualTo("rid-1");
        assertThat(claimCheck.attributes().get("trace").binaryValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(received.get(1).claimCheck()).isFalse();
        assertThat(sqs.visible(Dlq.DLQ)).as("received invisible for the heartbeat's window").isEmpty();
    }

    @Test
    void copiesGoToTheQueueTheirDestinationNamesWithTheirAttributesAsTyped() {
        var attributes = Map.of("redriveAttempts", new MessageAttribute("Number", "2", null),
                "reasonCode", MessageAttribute.string("TOTAL_MISMATCH"),
                "trace", new MessageAttribute("Binary", null, ByteBuffer.wrap(new byte[] {7})));

        BatchResult parked = queue.send(Destination.PARKING, List.of(new Outgoing("m-1", "{\"a\":1}", attributes)));
        BatchResult back = queue.send(Destination.DLQ, List.of(new Outgoing("m-2", "{\"b\":2}", attributes)));

        assertThat(parked.succeeded()).containsKey("m-1");
        assertThat(back.succeeded()).containsKey("m-2");
        assertThat(sqs.messages(Dlq.PARKING)).singleElement().satisfies(m -> {
            assertThat(m.body).isEqualTo("{\"a\":1}");
            assertThat(parked.succeeded().get("m-1")).isEqualTo(m.messageId);
            assertThat(m.attributes.get("redriveAttempts").dataType()).isEqualTo("Number");
            assertThat(m.attributes.get("trace").binaryValue().asByteArray()).containsExactly(7);
        });
        assertThat(sqs.messages(Dlq.DLQ)).extracting(m -> m.body).containsExactly("{\"b\":2}");
    }

    @Test
    void batchesHoldAtMostTenEntriesAndSqsLimitInAllAndAnOversizedCopyGoesAlone() {
        List<Outgoing> copies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            copies.add(new Outgoing("small-" + i, "x", Map.of()));
        }
        copies.add(new Outgoing("big", "y".repeat(SqsDeadLetterQueue.BATCH_BYTES + 1), Map.of()));
        copies.add(new Outgoing("half-1", "h".repeat(SqsDeadLetterQueue.BATCH_BYTES / 2), Map.of()));
        copies.add(new Outgoing("half-2", "h".repeat(SqsDeadLetterQueue.BATCH_BYTES / 2), Map.of()));

        List<List<Outgoing>> groups = SqsDeadLetterQueue.bySize(copies);

        assertThat(groups).extracting(List::size).containsExactly(10, 1, 3, 1);
        assertThat(groups.get(1)).extracting(Outgoing::key).containsExactly("big");
        assertThat(groups.get(2)).extracting(Outgoing::key).containsExactly("small-10", "small-11", "half-1");
        assertThat(SqsDeadLetterQueue.size(new Outgoing("k", "é", Map.of("a", MessageAttribute.string("bc")))))
                .as("UTF-8 bytes of the body and of each attribute's name, type and value").isEqualTo(2 + 1 + 6 + 2);
    }

    @Test
    void aCallThatFailsFailsEachOfItsEntriesAndFailedEntriesAreReportedEachWithItsReason() {
        String kept = sqs.put(Dlq.DLQ, "{}", Map.of());
        sqs.put(Dlq.DLQ, "{}", Map.of());
        List<Handle> handles = queue.receive(10).stream().map(Handle::of).toList();
        sqs.deleteCallsThatThrow = 1;

        BatchResult thrown = queue.delete(handles);

        assertThat(thrown.succeeded()).isEmpty();
        assertThat(thrown.failed()).hasSize(2).allSatisfy((key, why) -> assertThat(why).startsWith("SdkClientException"));

        sqs.failDeleteOf.add(kept);
        BatchResult partial = queue.delete(handles);

        assertThat(partial.succeeded()).hasSize(1);
        assertThat(partial.failed()).hasSize(1).containsValue("InternalError");
        assertThat(sqs.messages(Dlq.DLQ)).extracting(m -> m.messageId).containsExactly(kept);
    }

    @Test
    void releasedMessagesAreVisibleAgainAtOnce() {
        sqs.put(Dlq.DLQ, "{}", Map.of());
        List<Handle> handles = queue.receive(10).stream().map(Handle::of).toList();

        assertThat(queue.release(handles).succeeded()).hasSize(1);
        assertThat(sqs.visible(Dlq.DLQ)).hasSize(1);
    }

    @Test
    void aQueueThatCannotBeReadIsAReceiveFailure() {
        SqsClient missing = mock(SqsClient.class);
        when(missing.receiveMessage(any(ReceiveMessageRequest.class)))
                .thenThrow(QueueDoesNotExistException.builder().message("The specified queue does not exist").build());

        assertThatThrownBy(() -> new SqsDeadLetterQueue(missing, missing, Dlq.DLQ, Dlq.PARKING, clock, false).receive(10))
                .isInstanceOf(ReceiveFailed.class).hasCauseInstanceOf(QueueDoesNotExistException.class)
                .hasMessageContaining("The specified queue does not exist");
    }
}
