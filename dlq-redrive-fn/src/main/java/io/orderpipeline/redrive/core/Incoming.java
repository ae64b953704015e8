package io.orderpipeline.redrive.core;

/**
 * A received message with the body it carries: its own, or the one its claim check points to ({@code pointer} set:
 * that body is deleted once the message is).
 */
record Incoming(ReceivedMessage message, String body, ClaimChecks.Pointer pointer) {
}
