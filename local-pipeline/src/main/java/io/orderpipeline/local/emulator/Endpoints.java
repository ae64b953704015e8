package io.orderpipeline.local.emulator;

import java.net.URI;

/** Where the three emulators listen. Written to {@code .local-pipeline/endpoints.json} by {@code serve}. */
public record Endpoints(URI dynamodb, URI sqs, URI s3) {
}
