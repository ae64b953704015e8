package io.orderpipeline.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a SAM {@code Policies} list allows, as (actions, resources) pairs. SAM policy templates are expanded from the
 * few this project uses (their actions as the SAM policy template list defines them); inline statements are read
 * as written. Resources keep their intrinsic references so a test can tell which template resource they name.
 */
final class IamGrants {

    record ResourceRef(Set<String> logicalIds, String rendered) {
        boolean isWildcard() {
            return rendered.equals("*");
        }
    }

    record Grant(List<String> actions, List<ResourceRef> resources, String source) {
        boolean allows(String action) {
            return actions.stream().anyMatch(pattern -> globMatches(pattern, action));
        }
    }

    /** {@code resource} is the ARN SAM builds, {@code %s} standing for the rendered argument. */
    private record PolicyTemplate(String argument, List<String> actions, String resource) {
    }

    private static final String LAMBDA_ARN = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:%s*";
    private static final String SQS_ARN = "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:%s";
    private static final String TABLE_ARN = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/%s";
    private static final String BUCKET_ARN = "arn:${AWS::Partition}:s3:::%s/*";

    private static final Map<String, PolicyTemplate> TEMPLATES = Map.of(
            "LambdaInvokePolicy", new PolicyTemplate("FunctionName", List.of("lambda:InvokeFunction"), LAMBDA_ARN),
            "SQSSendMessagePolicy", new PolicyTemplate("QueueName", List.of("sqs:SendMessage*"), SQS_ARN),
            "SQSPollerPolicy", new PolicyTemplate("QueueName", List.of("sqs:ChangeMessageVisibility",
                    "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
                    "sqs:GetQueueAttributes", "sqs:ReceiveMessage"), SQS_ARN),
            "DynamoDBWritePolicy", new PolicyTemplate("TableName", List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:BatchWriteItem"), TABLE_ARN),
            "DynamoDBCrudPolicy", new PolicyTemplate("TableName", List.of("dynamodb:GetItem", "dynamodb:DeleteItem",
                    "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem",
                    "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable",
                    "dynamodb:ConditionCheckItem"), TABLE_ARN),
            "S3ReadPolicy", new PolicyTemplate("BucketName", List.of("s3:GetObject", "s3:ListBucket",
                    "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"), BUCKET_ARN),
            "S3WritePolicy", new PolicyTemplate("BucketName", List.of("s3:PutObject", "s3:PutObjectAcl",
                    "s3:PutLifecycleConfiguration"), BUCKET_ARN));

    private IamGrants() {
    }

    static List<Grant> of(Object policies) {
        var grants = new ArrayList<Grant>();
        for (var policy : Yamls.list(policies)) {
            if (!(policy instanceof Map<?, ?> map)) {
                grants.add(new Grant(List.of("*"), List.of(new ResourceRef(Set.of(), "*")), "managed policy " + policy));
                continue;
            }
            for (var entry : Yamls.map(map).entrySet()) {
                if (entry.getKey().equals("Statement")) {
                    for (var statement : Yamls.list(entry.getValue())) {
                        inline(Yamls.map(statement), grants);
                    }
                    continue;
                }
                var template = TEMPLATES.get(entry.getKey());
                if (template == null) {
                    // An unknown template is treated as allowing everything, so scoping checks fail loudly.
                    grants.add(new Grant(List.of("*"), List.of(new ResourceRef(Set.of(), "*")), entry.getKey()));
                    continue;
                }
                var argument = Yamls.map(entry.getValue()).get(template.argument());
                grants.add(new Grant(template.actions(),
                        List.of(new ResourceRef(Intrinsic.references(argument),
                                template.resource().formatted(Intrinsic.render(argument)))),
                        entry.getKey()));
            }
        }
        return grants;
    }

    private static void inline(Map<String, Object> statement, List<Grant> grants) {
        if (!"Allow".equals(statement.get("Effect"))) {
            return;
        }
        var actions = Yamls.list(statement.get("Action")).stream().map(String::valueOf).toList();
        var resources = Yamls.list(statement.get("Resource")).stream()
                .map(r -> new ResourceRef(Intrinsic.references(r), Intrinsic.render(r)))
                .toList();
        grants.add(new Grant(actions, resources, "statement " + statement.getOrDefault("Sid", actions)));
    }

    /** IAM action matching: case-insensitive, {@code *} and {@code ?} wildcards. */
    static boolean globMatches(String pattern, String action) {
        var regex = new StringBuilder();
        for (char c : pattern.toLowerCase().toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return action.toLowerCase().matches(regex.toString());
    }
}
