package io.orderpipeline.local.provision;

import io.orderpipeline.local.emulator.EmulatorClients;
import io.orderpipeline.cfn.Template;
import io.orderpipeline.local.template.TemplateResolver;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the template's tables, queues and buckets in the emulators, as declared (key schema, attribute definitions,
 * GSIs, queue attributes, bucket versioning). Properties the emulators have no use for (encryption, PITR, tags,
 * public access blocks) are ignored. Idempotent: existing resources are left as they are.
 */
public final class Provisioner {
    private final EmulatorClients clients;
    private final TemplateResolver resolver;

    public Provisioner(EmulatorClients clients, TemplateResolver resolver) {
        this.clients = clients;
        this.resolver = resolver;
    }

    /** @return what was created, one line per resource */
    public List<String> provision() {
        var created = new ArrayList<String>();
        var template = resolver.template();
        template.resourcesOfType("AWS::DynamoDB::Table").values().forEach(r -> created.add(table(r)));
        template.resourcesOfType("AWS::SQS::Queue").values().forEach(r -> created.add(queue(r)));
        template.resourcesOfType("AWS::S3::Bucket").values().forEach(r -> created.add(bucket(r)));
        return created;
    }

    private String table(Template.Resource resource) {
        var properties = resolver.resolveMap(resource.properties());
        var name = resolver.names().tableName(resource.logicalId());
        var request = CreateTableRequest.builder()
                .tableName(name)
                .keySchema(keySchema(properties.get("KeySchema")))
                .attributeDefinitions(list(properties.get("AttributeDefinitions")).stream()
                        .map(d -> AttributeDefinition.builder()
                                .attributeName(string(d, "AttributeName"))
                                .attributeType(string(d, "AttributeType")).build())
                        .toList());
        var onDemand = "PAY_PER_REQUEST".equals(properties.get("BillingMode"));
        if (onDemand) {
            request.billingMode(BillingMode.PAY_PER_REQUEST);
        } else {
            request.billingMode(BillingMode.PROVISIONED).provisionedThroughput(throughput(properties.get("ProvisionedThroughput")));
        }
        var indexes = list(properties.get("GlobalSecondaryIndexes")).stream().map(index -> {
            var gsi = GlobalSecondaryIndex.builder()
                    .indexName(string(index, "IndexName"))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(projection(index.get("Projection")));
            if (!onDemand) {
                gsi.provisionedThroughput(throughput(index.get("ProvisionedThroughput")));
            }
            return gsi.build();
        }).toList();
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        try {
            clients.dynamoDb().createTable(request.build());
        } catch (ResourceInUseException alreadyThere) {
            return "table " + name + " (existing)";
        }
        return "table " + name + (indexes.isEmpty() ? "" : " with GSI " + indexes.stream().map(GlobalSecondaryIndex::indexName).toList());
    }

    private String queue(Template.Resource resource) {
        var properties = resolver.resolveMap(resource.properties());
        var name = resolver.names().queueName(resource.logicalId());
        var attributes = new EnumMap<QueueAttributeName, String>(QueueAttributeName.class);
        copy(properties, "MessageRetentionPeriod", attributes, QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        copy(properties, "VisibilityTimeout", attributes, QueueAttributeName.VISIBILITY_TIMEOUT);
        copy(properties, "DelaySeconds", attributes, QueueAttributeName.DELAY_SECONDS);
        copy(properties, "ReceiveMessageWaitTimeSeconds", attributes, QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS);
        copy(properties, "MaximumMessageSize", attributes, QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
        var url = clients.sqs().createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        return "queue " + name + " " + url;
    }

    private String bucket(Template.Resource resource) {
        var properties = resolver.resolveMap(resource.properties());
        var name = resolver.names().bucketName(resource.logicalId());
        try {
            clients.s3().createBucket(b -> b.bucket(name));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            // provisioning is idempotent
        }
        var versioning = properties.get("VersioningConfiguration") instanceof Map<?, ?> v ? v.get("Status") : null;
        if ("Enabled".equals(versioning)) {
            clients.s3().putBucketVersioning(b -> b.bucket(name)
                    .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        }
        return "bucket " + name + ("Enabled".equals(versioning) ? " (versioned)" : "");
    }

    private static List<KeySchemaElement> keySchema(Object declared) {
        return list(declared).stream().map(k -> KeySchemaElement.builder()
                .attributeName(string(k, "AttributeName")).keyType(string(k, "KeyType")).build()).toList();
    }

    private static Projection projection(Object declared) {
        if (!(declared instanceof Map<?, ?> map)) {
            return Projection.builder().projectionType("ALL").build();
        }
        var projection = Projection.builder().projectionType(String.valueOf(map.get("ProjectionType")));
        if (map.get("NonKeyAttributes") instanceof List<?> attributes) {
            projection.nonKeyAttributes(attributes.stream().map(String::valueOf).toList());
        }
        return projection.build();
    }

    private static ProvisionedThroughput throughput(Object declared) {
        Map<?, ?> map = declared instanceof Map<?, ?> m ? m : Map.of();
        var read = map.get("ReadCapacityUnits");
        var write = map.get("WriteCapacityUnits");
        return ProvisionedThroughput.builder()
                .readCapacityUnits(read == null ? 5L : Long.parseLong(String.valueOf(read)))
                .writeCapacityUnits(write == null ? 5L : Long.parseLong(String.valueOf(write)))
                .build();
    }

    private static void copy(Map<String, Object> properties, String property, Map<QueueAttributeName, String> attributes,
                             QueueAttributeName attribute) {
        var value = properties.get(property);
        if (value != null) {
            attributes.put(attribute, String.valueOf(value));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static String string(Map<String, Object> map, String key) {
        var value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing " + key + " in " + map);
        }
        return String.valueOf(value);
    }
}
