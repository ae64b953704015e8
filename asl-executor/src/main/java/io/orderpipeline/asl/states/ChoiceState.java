package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.choice.ChoiceRules;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.engine.PayloadLimit;
import io.orderpipeline.asl.engine.StateContext;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.List;

/** Choice: the first rule that matches picks Next; else Default; else States.NoChoiceMatched. */
public final class ChoiceState extends State {

    private record Branch(JsonNode rule, String next) {
    }

    private final InputOutput io;
    private final List<Branch> choices;
    private final String defaultNext;

    private ChoiceState(String name, InputOutput io, List<Branch> choices, String defaultNext) {
        super(name);
        this.io = io;
        this.choices = choices;
        this.defaultNext = defaultNext;
    }

    public static ChoiceState from(String name, Fields fields) {
        var io = InputOutput.paths(fields);
        var array = fields.array("Choices");
        if (array == null || array.isEmpty()) {
            throw fields.error("'Choices' must be a non-empty array");
        }
        var choices = new ArrayList<Branch>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode rule = array.get(i);
            JsonNode next = rule.get("Next");
            if (next == null || !next.isTextual()) {
                throw fields.error("Choices[" + i + "] needs a 'Next'");
            }
            if (rule.has("Condition") || rule.has("Assign")) {
                throw fields.error("Choices[" + i + "]: JSONata 'Condition' and variables ('Assign') are not supported by this executor");
            }
            try {
                ChoiceRules.validate(rule);
            } catch (IllegalArgumentException e) {
                throw fields.error("Choices[" + i + "]: " + e.getMessage());
            }
            choices.add(new Branch(rule, next.asText()));
        }
        String defaultNext = fields.string("Default");
        return new ChoiceState(name, io, List.copyOf(choices), defaultNext);
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.applyInputPath(input, context);
        PathResolver paths = context.paths(effective);
        String next = null;
        for (Branch choice : choices) {
            if (ChoiceRules.matches(choice.rule(), paths)) {
                next = choice.next();
                break;
            }
        }
        if (next == null) {
            next = defaultNext;
        }
        if (next == null) {
            throw new StatesError("States.NoChoiceMatched", "No Matches! (state '" + name() + "')");
        }
        JsonNode output = io.applyOutputPath(effective, context);
        PayloadLimit.check(output, "the output of state '" + name() + "'");
        return new StepResult(output, next);
    }

    @Override
    public List<String> transitions() {
        var targets = new ArrayList<String>();
        choices.forEach(choice -> targets.add(choice.next()));
        if (defaultNext != null) {
            targets.add(defaultNext);
        }
        return targets;
    }

    @Override
    public boolean mayEnd() {
        return false;
    }
}
