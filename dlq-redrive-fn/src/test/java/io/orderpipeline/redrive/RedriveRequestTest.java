package io.orderpipeline.redrive;

import com.amazonaws.services.lambda.runtime.Context;

import io.orderpipeline.model.ReasonCode;
import io.orderpipeline.redrive.core.InvalidRedriveRequestException;
import io.orderpipeline.redrive.core.RedriveRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedriveRequestTest {

    @Test
    void anEmptyPayloadMeansTheDefaults() {
        for (String payload : new String[]{"", "  ", "null", "{}"}) {
            RedriveRequest request = RedriveRequest.parse(payload);
            assertThat(request.maxMessages()).isEqualTo(100);
            assertThat(request.dryRun()).isFalse();
            assertThat(request.reasonCode()).isNull();
            assertThat(request.sourceKeyPrefix()).isNull();
            assertThat(request.timeBudgetSeconds()).isNull();
        }
    }

    @Test
    void everyFieldIsRead() {
        RedriveRequest request = RedriveRequest.parse("""
                {"maxMessages": 1000, "dryRun": true, "reasonCode": "total_mismatch",
                 "sourceKeyPrefix": "incoming/2026/", "timeBudgetSeconds": 60}""");
        assertThat(request).isEqualTo(new RedriveRequest(1000, true, ReasonCode.TOTAL_MISMATCH, "incoming/2026/", 60));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"maxMessages\": 0}|maxMessages",
            "{\"maxMessages\": 1001}|maxMessages",
            "{\"maxMessages\": 2.5}|maxMessages",
            "{\"maxMessages\": \"10\"}|maxMessages",
            "{\"dryRun\": \"true\"}|dryRun",
            "{\"reasonCode\": \"LATE\"}|reasonCode",
            "{\"reasonCode\": 7}|reasonCode",
            "{\"sourceKeyPrefix\": true}|sourceKeyPrefix",
            "{\"timeBudgetSeconds\": -5}|timeBudgetSeconds",
            "{\"timeBudgetSeconds\": 99999999999}|timeBudgetSeconds",
            "{\"dryrun\": true}|dryrun",
            "[]|JSON object",
            "{|not JSON"})
    void aBadRequestIsRejectedNamingTheField(String payload, String named) {
        assertThatThrownBy(() -> RedriveRequest.parse(payload))
                .isInstanceOf(InvalidRedriveRequestException.class)
                .hasMessageContaining(named);
    }

    @Test
    void theBudgetIsTheRemainingTimeLessTheMarginAndNeverMore() {
        Context tenMinutesLeft = TestContext.withRemaining(600_000);
        assertThat(RedriveHandler.budget(RedriveRequest.defaults(), tenMinutesLeft))
                .isEqualTo(Duration.ofSeconds(600).minus(RedriveHandler.SAFETY_MARGIN));
        assertThat(RedriveHandler.budget(RedriveRequest.parse("{\"timeBudgetSeconds\": 60}"), tenMinutesLeft))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(RedriveHandler.budget(RedriveRequest.parse("{\"timeBudgetSeconds\": 3600}"), tenMinutesLeft))
                .isEqualTo(Duration.ofSeconds(600).minus(RedriveHandler.SAFETY_MARGIN));
        assertThat(RedriveHandler.budget(RedriveRequest.defaults(), TestContext.withRemaining(5_000))).isEqualTo(Duration.ZERO);
    }
}
