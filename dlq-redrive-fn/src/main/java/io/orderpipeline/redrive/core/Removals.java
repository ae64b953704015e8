package io.orderpipeline.redrive.core;

import io.orderpipeline.redrive.core.DeadLetterQueue.BatchResult;
import io.orderpipeline.redrive.core.DeadLetterQueue.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch deletes, and when: an original once its write or copy is stored, then its claim-check body; a
 * message collapsed into a record handled in this run once that handling is complete, then its body (never read).
 * The last message of a record is never the one removed, and a body never goes before its message. A dry run deletes
 * nothing and holds every message to the end of the run.
 */
final class Removals {

    private final Run run;

    Removals(Run run) {
        this.run = run;
    }

    /** Deletes the originals of {@code done}; each deleted one ends as its write or copy says. */
    void originals(List<Done> done) {
        if (done.isEmpty()) {
            return;
        }
        if (run.dryRun()) {
            done.forEach(d -> {
                run.outcomes().hold(d.message());
                run.outcomes().finished(d);
            });
            return;
        }
        Map<String, Done> byReceipt = new HashMap<>();
        List<Handle> handles = new ArrayList<>();
        for (Done d : done) {
            byReceipt.put(d.message().receiptHandle(), d);
            handles.add(Handle.of(d.message()));
        }
        BatchResult result = run.queue().delete(handles);
        result.succeeded().keySet().forEach(receipt -> {
            run.heartbeat().forget(receipt);
            Done d = byReceipt.get(receipt);
            run.outcomes().finished(d);
            deleteBody(d.message(), d.incoming().pointer());
        });
        result.failed().forEach((receipt, why) -> run.outcomes().error(byReceipt.get(receipt).message(),
                "deleting the original failed (" + why + "); it stays in the DLQ and the next run repeats its "
                        + "idempotent step", null));
    }

    /**
     * Messages collapsed into a record this run handled: a copy of its lineage or a repeat of its record. Each is
     * deleted - then its claim-check body - only once that handling is complete; otherwise it is left for the next run.
     */
    void collapsed(List<RunMemory.Collapsed> collapsed) {
        List<Handle> removable = new ArrayList<>();
        Map<String, RunMemory.Collapsed> byKey = new HashMap<>();
        for (RunMemory.Collapsed c : collapsed) {
            run.outcomes().collapsed(c);
            if (!run.dryRun() && c.handling().complete) {
                // one key per receipt: the same message id can be delivered twice
                String key = c.message().messageId() + "#" + removable.size();
                byKey.put(key, c);
                removable.add(new Handle(key, c.message().receiptHandle()));
            } else {
                run.outcomes().hold(c.message());
            }
        }
        if (removable.isEmpty()) {
            return;
        }
        BatchResult result = run.queue().delete(removable);
        result.succeeded().keySet().forEach(key -> {
            ReceivedMessage message = byKey.get(key).message();
            run.heartbeat().forget(message.receiptHandle());
            if (message.claimCheck()) {
                ClaimChecks.Pointer pointer;
                try {
                    pointer = run.claimChecks().pointer(message).orElse(null);
                } catch (RuntimeException e) {
                    pointer = null;
                }
                deleteBody(message, pointer);
            }
        });
        result.failed().forEach((key, why) -> run.outcomes().collapseFailed(byKey.get(key), why));
    }

    /** Deletes the claim-check body of a message that is gone; a failure leaves a body no message points to. */
    private void deleteBody(ReceivedMessage message, ClaimChecks.Pointer pointer) {
        if (pointer == null) {
            return;
        }
        try {
            run.claimChecks().delete(pointer);
        } catch (RuntimeException e) {
            run.outcomes().bodyLeftBehind(message, pointer, e);
        }
    }
}
