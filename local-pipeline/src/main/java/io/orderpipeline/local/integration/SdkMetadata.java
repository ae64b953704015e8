package io.orderpipeline.local.integration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.awscore.AwsResponse;

/** The {@code SdkHttpMetadata} / {@code SdkResponseMetadata} fields Step Functions adds to integration results. */
final class SdkMetadata {

    private SdkMetadata() {
    }

    static ObjectNode add(ObjectNode result, AwsResponse response) {
        var http = result.putObject("SdkHttpMetadata");
        var headers = http.putObject("HttpHeaders");
        var all = http.putObject("AllHttpHeaders");
        var sdkHttp = response.sdkHttpResponse();
        sdkHttp.headers().forEach((name, values) -> {
            headers.put(name, String.join(",", values));
            var list = all.putArray(name);
            values.forEach(list::add);
        });
        http.put("HttpStatusCode", sdkHttp.statusCode());
        var requestId = response.responseMetadata().requestId();
        result.putObject("SdkResponseMetadata").put("RequestId", requestId == null ? "" : requestId);
        return result;
    }
}
