package io.orderpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * Issue #22 §1: the peak write demand one file can put on the orders table stays within what the table serves at once,
 * for every way the template is deployed ({@link DeployStages}). Both sides are computed from template.yaml, the
 * definition and samconfig.toml:
 * <ul>
 *   <li>demand = children (the Distributed Map's MaxConcurrency, a template parameter) × inline write slots (the
 *       MaxConcurrency of each inline Map of the child that writes to DynamoDB) × {@link #PUTS_PER_SECOND_PER_SLOT} ×
 *       write units per order: one per started KiB of the item in the table, and again in every index that copies the
 *       item (projection ALL or INCLUDE; KEYS_ONLY writes one unit);</li>
 *   <li>what the table serves at once = its WarmThroughput if pre-warmed, else the 4,000 write units/s of a new
 *       on-demand table, and never more than its OnDemandThroughput maximum (beyond which DynamoDB throttles); the same
 *       for each index, which has its own partitions
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html,
 *       https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/warm-throughput.html).</li>
 * </ul>
 * On-demand adapts beyond that (up to double the previous peak within 30 minutes), but the first file after a deploy
 * or a quiet month must not depend on it. The model is conservative: the index's units are added to the table's and
 * the sum is held against the table's capacity, although each has its own. It is per file; concurrent uploads add up
 * and are absorbed by the throttling retries (ChildTimeBudgetTest), as is a faster put rate than assumed.
 */
class CapacityModelTest {

    /**
     * Puts one inline iteration slot can make per second. AWS does not document it: an iteration is at least one
     * DynamoDB round trip ("single-digit millisecond latency", on-demand-capacity-mode.html) plus Step Functions
     * starting the iteration and its task; the model assumes none takes less than 10 ms. Faster iterations are
     * throttled and retried with backoff and jitter, never lost.
     */
    static final double PUTS_PER_SECOND_PER_SLOT = 100;
    /** The order item the model sizes for: up to 1 KiB (the sample orders make items of 0.6–0.8 KiB). */
    static final long ORDER_ITEM_BYTES = 1024;
    /** One write request unit per started KiB of the item (on-demand-capacity-mode.html, "Read request units and write request units"). */
    static final long WRITE_UNIT_BYTES = 1024;
    /** What a new on-demand table or index serves at once (on-demand-capacity-mode.html, "Initial throughput"). */
    static final long NEW_TABLE_WRITE_UNITS = 4_000;
    /** The default per-table quota, the most a table without OnDemandThroughput reaches (on-demand-capacity-mode.html). */
    static final long TABLE_QUOTA_WRITE_UNITS = 40_000;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private final SamTemplate template = SamTemplate.load();
    private final AslDefinition asl = AslDefinition.load();

    /** One file's peak write demand and what the table serves, for one deploy stage. */
    record Model(String stage, long children, long writeSlots, long tableUnitsPerOrder, Map<String, Long> indexUnitsPerOrder,
                 long tableServes, Map<String, Long> indexServes) {

        long unitsPerOrder() {
            return tableUnitsPerOrder + indexUnitsPerOrder.values().stream().mapToLong(Long::longValue).sum();
        }

        double demand() {
            return children * writeSlots * PUTS_PER_SECOND_PER_SLOT * unitsPerOrder();
        }

        double indexDemand(String index) {
            return children * writeSlots * PUTS_PER_SECOND_PER_SLOT * indexUnitsPerOrder.get(index);
        }

        boolean fits() {
            return demand() <= tableServes
                    && indexUnitsPerOrder.keySet().stream().allMatch(index -> indexDemand(index) <= indexServes.get(index));
        }

        @Override
        public String toString() {
            return String.format("%s: %d children x %d write slots x %.0f puts/s x %d write units (table %d + indexes %s) "
                            + "= %.0f write units/s; the table serves %d at once, its indexes %s", stage, children, writeSlots,
                    PUTS_PER_SECOND_PER_SLOT, unitsPerOrder(), tableUnitsPerOrder, indexUnitsPerOrder, demand(), tableServes,
                    indexServes);
        }
    }

    static List<DeployStages> stages() {
        return DeployStages.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void aFilesPeakWriteDemandStaysWithinWhatTheTableServesAtOnce(DeployStages stage) {
        var model = model(stage);
        System.out.println("capacity " + model);
        assertThat(model.demand()).as("%s", model).isLessThanOrEqualTo(model.tableServes());
        model.indexUnitsPerOrder().keySet().forEach(index -> assertThat(model.indexDemand(index)).as("index %s: %s", index, model)
                .isLessThanOrEqualTo(model.indexServes().get(index)));
    }

    @Test
    void moreChildrenThanTheTableServesIsCaught() {
        // The model must be able to fail: the dev stage's table with twice its children.
        var dev = DeployStages.all().stream().filter(s -> s.name().contains("[default]")).findFirst().orElseThrow();
        var overrides = new HashMap<>(dev.overrides());
        var children = model(dev).children();
        overrides.put(childrenParameter(), String.valueOf(children * 2));
        var doubled = model(new DeployStages("dev with twice the children", overrides));
        assertThat(doubled.fits()).as("%s", doubled).isFalse();
    }

    @Test
    void theIndexThatCopiesTheWholeItemDoublesTheWriteUnits() {
        var stage = DeployStages.all().getFirst();
        var model = model(stage);
        var projections = new HashMap<String, String>();
        // resolved as the stage deploys it: the index and its projection are the CustomerIndex parameter's
        var table = stage.resolver(template).resolveMap(table().properties());
        for (var index : Yamls.list(table.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
            var declared = Yamls.map(index);
            projections.put(String.valueOf(declared.get("IndexName")),
                    String.valueOf(Yamls.map(declared.get("Projection")).get("ProjectionType")));
        }
        model.indexUnitsPerOrder().forEach((index, units) -> {
            if ("ALL".equals(projections.get(index))) {
                assertThat(units).as(index).isEqualTo(model.tableUnitsPerOrder());
            }
        });
        assertThat(model.indexUnitsPerOrder()).as("every index of the table is counted").hasSameSizeAs(projections);
    }

    @Test
    void everyInlineMapThatWritesToDynamoDbHasAFixedConcurrency() {
        // MaxConcurrency 0 (or a path) would leave the write slots, and so the demand, unbounded (AWS runs up to 40).
        for (var map : distributedMaps()) {
            var writers = writingInlineMaps(map.body().path("ItemProcessor"));
            assertThat(writers).as("%s writes to the table from an inline Map", map.name()).isNotEmpty();
            for (var writer : writers) {
                assertThat(writer.has("MaxConcurrencyPath")).isFalse();
                assertThat(writer.path("MaxConcurrency").asInt(0)).as("MaxConcurrency of a writing Map").isPositive();
            }
        }
    }

    private Model model(DeployStages stage) {
        var resolver = stage.resolver(template);
        var children = 0L;
        var slots = 0L;
        for (var map : distributedMaps()) {
            var parameter = DefinitionLimits.parameterBehind(map.body().path("MaxConcurrencyPath").asText(), asl, template);
            children = Math.max(children, Long.parseLong(resolver.parameterValues().get(parameter)));
            slots = Math.max(slots, writingInlineMaps(map.body().path("ItemProcessor")).stream()
                    .mapToLong(m -> m.path("MaxConcurrency").asLong()).sum());
        }
        var table = resolver.resolveMap(table().properties());
        assertThat(table.get("BillingMode")).as("the model is for an on-demand table").isEqualTo("PAY_PER_REQUEST");
        var tableUnits = units(ORDER_ITEM_BYTES);
        var indexUnits = new java.util.TreeMap<String, Long>();
        var indexServes = new java.util.TreeMap<String, Long>();
        for (var index : Yamls.list(table.getOrDefault("GlobalSecondaryIndexes", List.of()))) {
            var declared = Yamls.map(index);
            var name = String.valueOf(declared.get("IndexName"));
            var projection = String.valueOf(Yamls.map(declared.get("Projection")).get("ProjectionType"));
            // KEYS_ONLY copies the keys (well under 1 KiB); INCLUDE is counted as the whole item, to be safe
            indexUnits.put(name, projection.equals("KEYS_ONLY") ? 1L : tableUnits);
            indexServes.put(name, servesAtOnce(declared));
        }
        return new Model(stage.name(), children, slots, tableUnits, indexUnits, servesAtOnce(table), indexServes);
    }

    private String childrenParameter() {
        return DefinitionLimits.parameterBehind(distributedMaps().getFirst().body().path("MaxConcurrencyPath").asText(), asl,
                template);
    }

    /** A table's or index's write units per second at once: warm throughput or a new table's, within its maximum. */
    private static long servesAtOnce(Map<String, Object> tableOrIndex) {
        var warm = tableOrIndex.get("WarmThroughput") == null ? null
                : Yamls.map(tableOrIndex.get("WarmThroughput")).get("WriteUnitsPerSecond");
        var atOnce = Math.max(NEW_TABLE_WRITE_UNITS, warm == null ? 0 : Long.parseLong(String.valueOf(warm)));
        var max = tableOrIndex.get("OnDemandThroughput") == null ? null
                : Yamls.map(tableOrIndex.get("OnDemandThroughput")).get("MaxWriteRequestUnits");
        return Math.min(atOnce, max == null ? TABLE_QUOTA_WRITE_UNITS : Long.parseLong(String.valueOf(max)));
    }

    private static long units(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    private List<AslDefinition.State> distributedMaps() {
        var maps = asl.statesOfType("Map").stream()
                .filter(s -> "DISTRIBUTED".equals(s.body().at("/ItemProcessor/ProcessorConfig/Mode").asText())).toList();
        assertThat(maps).as("Distributed Maps").isNotEmpty();
        return maps;
    }

    /** The inline Maps of a workflow whose iterations write to DynamoDB. */
    private static List<JsonNode> writingInlineMaps(JsonNode processor) {
        var found = new ArrayList<JsonNode>();
        for (var state : processor.path("States")) {
            if ("Map".equals(state.path("Type").asText()) && writes(state.path("ItemProcessor"))) {
                found.add(state);
            }
        }
        return found;
    }

    private static boolean writes(JsonNode processor) {
        var states = new ArrayList<AslDefinition.State>();
        AslDefinition.collect(processor, null, states);
        return states.stream().map(s -> s.body().path("Resource").asText(""))
                .anyMatch(r -> r.matches("arn:aws:states:::dynamodb:(putItem|updateItem|deleteItem)"));
    }

    /** The table the definition writes to: its TableName placeholder, the substitution, the !Ref. */
    private io.orderpipeline.cfn.Template.Resource table() {
        var put = asl.allStates().stream().filter(s -> s.body().path("Resource").asText("").startsWith("arn:aws:states:::dynamodb:put"))
                .findFirst().orElseThrow();
        var m = PLACEHOLDER.matcher(put.body().path("Parameters").path("TableName").asText());
        assertThat(m.matches()).as("TableName is a substitution").isTrue();
        var substitutions = Yamls.map(template.resource("OrderPipelineStateMachine").properties().get("DefinitionSubstitutions"));
        var ref = Intrinsic.of(substitutions.get(m.group(1)));
        assertThat(ref).isNotNull();
        return template.resource(String.valueOf(ref.argument()));
    }
}
