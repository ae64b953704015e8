package io.orderpipeline.local.integration;

import io.orderpipeline.local.emulator.ItemSize;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write request units a table's global secondary indexes consume when an item is written
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes): an
 * index is written only when the item has all the index's key attributes ("If a table contains an item where a
 * particular attribute(s) is not defined, but that attribute is defined as an index partition key or sort key,
 * DynamoDB doesn't write any data for that item to the index"), and an index entry is the table's key, the index's
 * key and the projected attributes: the whole item for {@code ALL}, only the keys for {@code KEYS_ONLY}, the keys and
 * the named attributes for {@code INCLUDE}. Each entry costs one unit per started KiB, like a table write.
 * <p>
 * A put that rewrites an item with the same index key and projected values may not rewrite the index entry on AWS
 * (the documentation does not say); it is counted as a write (an upper bound for replays of the same file).
 */
public final class IndexWrites {

    /** One index: its name, the attributes every entry holds (table and index keys) and what it projects. */
    public record Index(String name, Set<String> keyAttributes, Set<String> indexKeyAttributes, ProjectionType projection,
                        Set<String> included) {
    }

    private final List<Index> indexes;

    public IndexWrites(List<Index> indexes) {
        this.indexes = List.copyOf(indexes);
    }

    public static IndexWrites of(TableDescription table) {
        var tableKeys = table.keySchema().stream().map(KeySchemaElement::attributeName).toList();
        var indexes = table.hasGlobalSecondaryIndexes() ? table.globalSecondaryIndexes() : List.<GlobalSecondaryIndexDescription>of();
        return new IndexWrites(indexes.stream().map(index -> {
            var indexKeys = new LinkedHashSet<>(index.keySchema().stream().map(KeySchemaElement::attributeName).toList());
            var keys = new LinkedHashSet<>(tableKeys);
            keys.addAll(indexKeys);
            var projection = index.projection();
            return new Index(index.indexName(), keys, indexKeys, projection.projectionType(),
                    projection.hasNonKeyAttributes() ? Set.copyOf(projection.nonKeyAttributes()) : Set.of());
        }).toList());
    }

    public List<Index> indexes() {
        return indexes;
    }

    /** Write request units the indexes consume when {@code item} is written. */
    public long writeUnits(Map<String, AttributeValue> item) {
        return writeUnits(item, -1);
    }

    /**
     * The same, given the item's own size in bytes when the caller has it ({@code -1} when not): an index that
     * projects {@code ALL} stores the whole item, so its entry is that size and is not walked again.
     */
    public long writeUnits(Map<String, AttributeValue> item, long itemBytes) {
        long units = 0;
        for (var index : indexes) {
            var entry = entry(index, item);
            if (entry == item && itemBytes >= 0) {
                units += io.orderpipeline.model.wire.ItemSize.writeUnits(itemBytes);
            } else if (entry != null) {
                units += ItemSize.writeUnits(entry);
            }
        }
        return units;
    }

    /** What the index stores for {@code item}; null when the item lacks one of the index's key attributes. */
    static Map<String, AttributeValue> entry(Index index, Map<String, AttributeValue> item) {
        if (!item.keySet().containsAll(index.indexKeyAttributes())) {
            return null;
        }
        if (index.projection() == ProjectionType.ALL) {
            return item;
        }
        var entry = new LinkedHashMap<String, AttributeValue>();
        item.forEach((name, value) -> {
            if (index.keyAttributes().contains(name)
                    || index.projection() == ProjectionType.INCLUDE && index.included().contains(name)) {
                entry.put(name, value);
            }
        });
        return entry;
    }
}
