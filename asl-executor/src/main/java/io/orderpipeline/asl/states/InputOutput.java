package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.spi.StatesError;

/**
 * A state's input and output processing, in its query language: JSONPath (InputPath, Parameters, ResultSelector,
 * ResultPath, OutputPath) or JSONata (Arguments, Output). A state type gets only the fields it supports.
 */
public sealed interface InputOutput permits JsonPathIo, JsonataIo {

    /** The fields every JSONPath state may have that a JSONata state may not. */
    String[] JSONPATH_ONLY = {"InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath"};

    /** InputPath and OutputPath, or JSONata Output (Choice, Wait, Succeed): the output defaults to the input. */
    static InputOutput paths(Fields fields) {
        if (fields.jsonata()) {
            fields.rejectInJsonata(JSONPATH_ONLY);
            return new JsonataIo(null, fields.jsonataTemplate("Output"), false);
        }
        fields.rejectInJsonPath("Output");
        return JsonPathIo.paths(fields);
    }

    /** Pass: InputPath, Parameters, ResultPath, OutputPath (and Result), or JSONata Output. */
    static InputOutput pass(Fields fields) {
        if (fields.jsonata()) {
            fields.rejectInJsonata(JSONPATH_ONLY);
            fields.rejectInJsonata("Result");
            return new JsonataIo(null, fields.jsonataTemplate("Output"), false);
        }
        fields.rejectInJsonPath("Output");
        return JsonPathIo.withoutSelector(fields);
    }

    /** Task and Parallel: every JSONPath field, or JSONata Arguments and Output (the output defaults to the result). */
    static InputOutput full(Fields fields) {
        if (fields.jsonata()) {
            fields.rejectInJsonata(JSONPATH_ONLY);
            return new JsonataIo(fields.jsonataTemplate("Arguments"), fields.jsonataTemplate("Output"), true);
        }
        fields.rejectInJsonPath("Arguments", "Output");
        return JsonPathIo.full(fields);
    }

    /** Map: InputPath, ResultSelector, ResultPath, OutputPath, or JSONata Output (the output defaults to the result). */
    static InputOutput map(Fields fields) {
        if (fields.jsonata()) {
            fields.rejectInJsonata("InputPath", "ResultSelector", "ResultPath", "OutputPath", "ItemsPath",
                    "Parameters");
            return new JsonataIo(null, fields.jsonataTemplate("Output"), true);
        }
        fields.rejectInJsonPath("Output", "Items");
        return JsonPathIo.map(fields);
    }

    /** The input the state works on: after InputPath and Parameters, or the JSONata Arguments (else the raw input). */
    JsonNode effectiveInput(JsonNode raw, StateContext context) throws StatesError;

    /** JSONPath InputPath alone (a Task's TimeoutSecondsPath reads it); the raw input in JSONata. */
    JsonNode applyInputPath(JsonNode raw, StateContext context) throws StatesError;

    /**
     * The state's output from its raw input and its result, and then its {@code Assign}: the values are computed
     * first, with the variables as they were when the state was entered, and applied last.
     */
    JsonNode finish(JsonNode raw, JsonNode result, Assign assign, StateContext context) throws StatesError;
}
