package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.JsonPathTemplate;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.expr.PayloadTemplate;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

/**
 * Where a Map's items come from and what each iteration gets: in JSONPath the array at ItemsPath (default {@code $})
 * of the effective input and the ItemSelector (or its legacy name Parameters) over it, with {@code $$.Map.Item}; in
 * JSONata the {@code Items} field (an array, possibly holding expressions, or an expression; by default the state's
 * input) and the ItemSelector template with {@code $states.context.Map.Item}.
 *
 * @param itemsPath JSONPath only
 * @param items     JSONata only; null: the state's input
 * @param selector  null: the item itself
 */
record MapItems(String itemsPath, JsonataTemplate items, ValueSource selector) {

    static MapItems from(Fields fields) {
        if (fields.has("ItemSelector") && fields.has("Parameters")) {
            throw fields.error("has both 'ItemSelector' and its legacy name 'Parameters'");
        }
        if (fields.jsonata()) {
            fields.rejectInJsonata("ItemsPath", "Parameters");
            return new MapItems(null, fields.jsonataTemplate("Items"), fields.jsonataTemplate("ItemSelector"));
        }
        fields.rejectInJsonPath("Items");
        String itemsPath = fields.path("ItemsPath");
        PayloadTemplate selector = fields.template("ItemSelector");
        if (selector == null) {
            selector = fields.template("Parameters");
        }
        return new MapItems(itemsPath == null ? "$" : itemsPath, null,
                selector == null ? null : new JsonPathTemplate(selector));
    }

    /** The items: ItemsPath of the effective input, or the JSONata Items (else the raw input). */
    ArrayNode read(JsonNode input, JsonNode effective, StateContext context) throws StatesError {
        if (itemsPath != null) {
            JsonNode value = context.paths(effective).resolve(itemsPath);
            if (!value.isArray()) {
                throw new StatesError(ErrorNames.RUNTIME, "Map state '" + context.stateName() + "': ItemsPath '"
                        + itemsPath + "' does not reference a JSON array");
            }
            return (ArrayNode) value;
        }
        if (items == null) {
            if (!input.isArray()) {
                // AWS-recorded: test_base_scenarios.test_map_state_items_input_types
                throw new StatesError(ErrorNames.QUERY_EVALUATION_ERROR, "Map state input must be an array but was: "
                        + Json.write(input));
            }
            return (ArrayNode) input;
        }
        JsonNode value = items.evaluate(context.scope(input));
        if (!value.isArray()) {
            throw Values.unexpectedType(items, "Items", "array", value);
        }
        return (ArrayNode) value;
    }

    /** An item as the processor sees it: the ItemSelector's output (with the Map item in the context), or the item. */
    JsonNode select(JsonNode input, JsonNode effective, int index, JsonNode item, StateContext context)
            throws StatesError {
        if (selector == null) {
            return item;
        }
        // Built once for the whole selector, however many $$ paths it has (the pipeline's has six per item); the
        // executor copies a node before it changes one, so the paths may share it.
        var itemContext = new JsonNode[1];
        var scope = context.scope(input).withDocument(effective).withContext(() -> {
            if (itemContext[0] == null) {
                itemContext[0] = context.itemContextObject(index, item);
            }
            return itemContext[0];
        });
        return selector.evaluate(scope);
    }
}
