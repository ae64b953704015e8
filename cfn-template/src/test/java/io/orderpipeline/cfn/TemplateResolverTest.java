package io.orderpipeline.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateResolverTest {

    /** Names every resource "<stack>-<LogicalId>" and its ARN after its type, as a stand-in deployment. */
    private record Names() implements ResourceNames {
        public String region() {
            return "eu-west-1";
        }

        public String accountId() {
            return "111122223333";
        }

        public String stackName() {
            return "st";
        }

        public Object ref(Template.Resource resource, TemplateResolver<?> resolver) {
            return stackName() + "-" + resource.logicalId();
        }

        public Object getAtt(Template.Resource resource, String attribute, TemplateResolver<?> resolver) {
            return "arn:" + resource.type() + ":" + ref(resource, resolver) + ":" + attribute;
        }
    }

    private static final Template TEMPLATE = Template.parse("""
            Parameters:
              Stage: {Type: String, Default: dev, AllowedValues: [dev, prod]}
              Size: {Type: Number, Default: 5}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
            Mappings:
              Settings: {dev: {Days: 7}, prod: {Days: 30}}
            Resources:
              Queue: {Type: AWS::SQS::Queue, Condition: IsProd, Properties: {DelaySeconds: !Ref Size}}
            """, Path.of("."));

    @Test
    void shortTagsBecomeTheLongFormAndKeepTheirArguments() {
        var parsed = CfnYaml.load("""
                a: !Ref X
                b: !GetAtt Res.Arn
                c: !GetAtt [Res, QueueUrl]
                d: !Sub 'x-${Y}'
                e: !Join [',', [p, !Ref Z]]
                f: !If [Cond, 1, 2]
                """);
        assertThat(parsed).isEqualTo(Map.of(
                "a", Map.of("Ref", "X"),
                "b", Map.of("Fn::GetAtt", List.of("Res", "Arn")),
                "c", Map.of("Fn::GetAtt", List.of("Res", "QueueUrl")),
                "d", Map.of("Fn::Sub", "x-${Y}"),
                "e", Map.of("Fn::Join", List.of(",", List.of("p", Map.of("Ref", "Z")))),
                "f", Map.of("Fn::If", List.of("Cond", 1, 2))));
    }

    @Test
    void resourcesResolveThroughTheNamingSchemeAndPseudoParametersThroughItsAccount() {
        var resolver = new TemplateResolver<>(TEMPLATE, new Names(), Map.of());
        assertThat(resolver.resolve(Map.of("Ref", "Queue"))).isEqualTo("st-Queue");
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", List.of("Queue", "Arn")))).isEqualTo("arn:AWS::SQS::Queue:st-Queue:Arn");
        assertThat(resolver.resolve(Map.of("Fn::GetAtt", "Queue.Arn"))).isEqualTo("arn:AWS::SQS::Queue:st-Queue:Arn");
        assertThat(resolver.resolve(Map.of("Fn::Sub", "${AWS::Region}:${AWS::AccountId}:${Queue.Arn}:${!Literal}")))
                .isEqualTo("eu-west-1:111122223333:arn:AWS::SQS::Queue:st-Queue:Arn:${Literal}");
        assertThat(resolver.resolve(Map.of("Fn::Sub", List.of("${A}/${Stage}", Map.of("A", Map.of("Ref", "Size"))))))
                .isEqualTo("5/dev");
    }

    @Test
    void parametersConditionsAndMappingsFollowTheValuesGiven() {
        var prod = new TemplateResolver<>(TEMPLATE, new Names(), Map.of("Stage", "prod"));
        assertThat(prod.condition("IsProd")).isTrue();
        assertThat(prod.resolve(Map.of("Fn::FindInMap", List.of("Settings", Map.of("Ref", "Stage"), "Days")))).isEqualTo(30);
        assertThat(prod.resolve(List.of(1, Map.of("Fn::If", List.of("IsProd", Map.of("Ref", "AWS::NoValue"), 2)))))
                .isEqualTo(List.of(1));
        var dev = new TemplateResolver<>(TEMPLATE, new Names(), Map.of());
        assertThat(dev.condition("IsProd")).isFalse();
        assertThat(dev.resolve(Map.of("Fn::Join", List.of("-", List.of("a", Map.of("Ref", "Stage")))))).isEqualTo("a-dev");
        assertThatThrownBy(() -> new TemplateResolver<>(TEMPLATE, new Names(), Map.of("Nope", "1")))
                .hasMessageContaining("no parameter Nope");
    }

    @Test
    void theTemplateKeepsEachResourcesAttributesBesideItsProperties() {
        var queue = TEMPLATE.resource("Queue");
        assertThat(queue.condition()).isEqualTo("IsProd");
        assertThat(queue.property("DelaySeconds")).isEqualTo(Map.of("Ref", "Size"));
        assertThat(TEMPLATE.parameters().get("Stage").declaration().get("AllowedValues")).isEqualTo(List.of("dev", "prod"));
    }
}
