package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.choice.ChoiceRules;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Choice: the first rule that matches picks Next (and its {@code Assign} takes effect); else Default (with the
 * state's own {@code Assign}); else States.NoChoiceMatched.
 */
public final class ChoiceState extends State {

    private record Branch(JsonNode rule, String next, Assign assign) {
    }

    private final InputOutput io;
    private final List<Branch> choices;
    private final String defaultNext;
    private final Assign defaultAssign;

    private ChoiceState(String name, InputOutput io, List<Branch> choices, String defaultNext, Assign defaultAssign) {
        super(name);
        this.io = io;
        this.choices = choices;
        this.defaultNext = defaultNext;
        this.defaultAssign = defaultAssign;
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
            if (rule.has("Condition")) {
                throw fields.error("Choices[" + i + "]: JSONata 'Condition' is not supported by this executor");
            }
            try {
                ChoiceRules.validate(rule);
            } catch (IllegalArgumentException e) {
                throw fields.error("Choices[" + i + "]: " + e.getMessage());
            }
            choices.add(new Branch(rule, next.asText(), Assign.of(rule.get("Assign"), fields.where() + " Choices[" + i + "]")));
        }
        String defaultNext = fields.string("Default");
        return new ChoiceState(name, io, List.copyOf(choices), defaultNext, Assign.from(fields));
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        PathResolver paths = context.paths(effective);
        for (Branch choice : choices) {
            if (ChoiceRules.matches(choice.rule(), paths)) {
                return new StepResult(io.finish(input, effective, choice.assign(), context), choice.next());
            }
        }
        if (defaultNext == null) {
            throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, "No Matches! (state '" + name() + "')");
        }
        return new StepResult(io.finish(input, effective, defaultAssign, context), defaultNext);
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

    @Override
    public Set<String> assignedVariables() {
        var names = new LinkedHashSet<>(defaultAssign.names());
        choices.forEach(choice -> names.addAll(choice.assign().names()));
        return names;
    }
}
