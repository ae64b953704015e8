package io.orderpipeline.local.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateResolverTest {

    @Test
    void resourcesResolveToLocalNamesUrlsAndArns() {
        var resolver = Fixture.resolver(Map.of());
        assertThat(resolver.resolve(Map.of("Ref", "OrdersTable"))).isEqualTo("OrdersTable");
        assertThat(resolver.resolve(Map.of("Ref", "OrdersBucket"))).isEqualTo("orders-bucket");
        assertThat(resolver.resolve(Map.of("Ref", "OrdersDlq"))).isEqualTo("http://127.0.0.1:9324/000000000000/OrdersDlq");
        assertThat(resolver.resolve(Map.of("Ref", "ValidatorFunction.Alias")))
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:ValidatorFunction:live");
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", List.of("OrdersDlq", "Arn"))))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:OrdersDlq");
        assertThat(resolver.resolve(Map.of("Fn::Sub", "${AWS::Region}/${OrdersTable}/${OrdersBucket.Arn}/${!Keep}")))
                .isEqualTo("us-east-1/OrdersTable/arn:aws:s3:::orders-bucket/${Keep}");
        assertThat(resolver.resolve(Map.of("Fn::Sub", List.of("${A}-${Stage}", Map.of("A", Map.of("Ref", "OrdersTable"))))))
                .isEqualTo("OrdersTable-dev");
    }

    @Test
    void conditionsAndNoValueFollowCloudFormation() {
        var withoutEmail = PipelineSpec.from(Fixture.resolver(Map.of())).function("RedriveFunction").environment();
        assertThat(withoutEmail).doesNotContainKey("ALARM");
        var withEmail = PipelineSpec.from(Fixture.resolver(Map.of("AlarmEmail", "ops@example.com")))
                .function("RedriveFunction").environment();
        assertThat(withEmail).containsEntry("ALARM", "yes");
    }

    @Test
    void unknownResourcesAreReportedByName() {
        assertThatThrownBy(() -> Fixture.resolver(Map.of()).resolve(Map.of("Ref", "Missing")))
                .hasMessageContaining("no resource Missing");
    }
}
