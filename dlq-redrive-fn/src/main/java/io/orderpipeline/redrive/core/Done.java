package io.orderpipeline.redrive.core;

import io.orderpipeline.model.ReasonCode;

/**
 * A message whose write or replacement is stored: it ends as {@code ending} once the original is deleted.
 *
 * @param reason   the copy's primary reason (null for an order written)
 * @param attempts the redrive attempts its log line reports
 */
record Done(Incoming incoming, String orderId, Ending ending, ReasonCode reason, int attempts) {

    /** How a handled message ends. */
    enum Ending { REDRIVEN, ALREADY_PRESENT, STILL_INVALID, CONFLICT, PARKED }

    ReceivedMessage message() {
        return incoming.message();
    }
}
