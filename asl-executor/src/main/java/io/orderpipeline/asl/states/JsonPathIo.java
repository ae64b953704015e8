package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.path.Json;
import io.orderpipeline.asl.expr.PayloadTemplate;
import io.orderpipeline.asl.path.ReferencePath;
import io.orderpipeline.asl.spi.StatesError;

/**
 * JSONPath input and output processing (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html)
 * in the order AWS applies it:
 * InputPath → Parameters → (the state's work) → ResultSelector → ResultPath → OutputPath.
 * A state type only gets the fields it supports; the others stay at their no-op defaults.
 */
public final class JsonPathIo implements InputOutput {

    private final String inputPath;           // null: JSON null → {}
    private final PayloadTemplate parameters;  // null: absent
    private final PayloadTemplate resultSelector;
    private final ReferencePath resultPath;    // null: JSON null → discard the result
    private final String outputPath;

    private JsonPathIo(String inputPath, PayloadTemplate parameters, PayloadTemplate resultSelector,
                        ReferencePath resultPath, String outputPath) {
        this.inputPath = inputPath;
        this.parameters = parameters;
        this.resultSelector = resultSelector;
        this.resultPath = resultPath;
        this.outputPath = outputPath;
    }

    /** InputPath and OutputPath only (Choice, Wait, Succeed). */
    static JsonPathIo paths(Fields fields) {
        return new JsonPathIo(fields.pathOrDefault("InputPath"), null, null, ReferencePath.parse("$"),
                fields.pathOrDefault("OutputPath"));
    }

    /** InputPath, Parameters, ResultPath, OutputPath (Pass). */
    static JsonPathIo withoutSelector(Fields fields) {
        return new JsonPathIo(fields.pathOrDefault("InputPath"), fields.template("Parameters"), null,
                fields.referencePathOrDefault("ResultPath"), fields.pathOrDefault("OutputPath"));
    }

    /** Everything (Task, Parallel). */
    static JsonPathIo full(Fields fields) {
        return new JsonPathIo(fields.pathOrDefault("InputPath"), fields.template("Parameters"),
                fields.template("ResultSelector"), fields.referencePathOrDefault("ResultPath"),
                fields.pathOrDefault("OutputPath"));
    }

    /** Map: its Parameters is the legacy name of ItemSelector, so it is not an input step here. */
    static JsonPathIo map(Fields fields) {
        return new JsonPathIo(fields.pathOrDefault("InputPath"), null, fields.template("ResultSelector"),
                fields.referencePathOrDefault("ResultPath"), fields.pathOrDefault("OutputPath"));
    }

    /** InputPath, then Parameters; the result must fit the payload limit. */
    @Override
    public JsonNode effectiveInput(JsonNode raw, StateContext context) throws StatesError {
        JsonNode selected = applyInputPath(raw, context);
        if (parameters == null) {
            return selected;
        }
        JsonNode effective = parameters.evaluate(context.paths(selected));
        PayloadLimit.checkStateInput(effective, context.stateName(), "Parameters");
        return effective;
    }

    @Override
    public JsonNode applyInputPath(JsonNode raw, StateContext context) throws StatesError {
        if (inputPath == null) {
            return Json.NODES.objectNode();
        }
        return context.paths(raw).resolve(inputPath);
    }

    /**
     * The state's output ({@link #output}) and then its {@code Assign}: the values are computed first, with the
     * variables as they were when the state was entered and {@code $} bound to {@code result}, and applied last.
     */
    @Override
    public JsonNode finish(JsonNode raw, JsonNode result, Assign assign, StateContext context) throws StatesError {
        var assigned = assign.evaluate(context.scope(raw).withResult(result));
        JsonNode output = output(raw, result, context);
        context.variables().assign(assigned);
        return output;
    }

    /** ResultSelector over the result, ResultPath into the raw input, then OutputPath; checks the payload limit. */
    public JsonNode output(JsonNode raw, JsonNode result, StateContext context) throws StatesError {
        JsonNode selected = resultSelector == null ? result : resultSelector.evaluate(context.paths(result));
        JsonNode combined = resultPath == null ? raw : resultPath.set(raw, selected);
        JsonNode output = applyOutputPath(combined, context);
        PayloadLimit.checkResult(output, context.stateName());
        return output;
    }

    public JsonNode applyOutputPath(JsonNode node, StateContext context) throws StatesError {
        if (outputPath == null) {
            return Json.NODES.objectNode();
        }
        return context.paths(node).resolve(outputPath);
    }
}
