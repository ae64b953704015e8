package io.orderpipeline.asl.states;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.choice.ChoiceRules;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.JsonataTemplate;
import io.orderpipeline.asl.expr.Literal;
import io.orderpipeline.asl.expr.ValueSource;
import io.orderpipeline.asl.expr.Values;
import io.orderpipeline.asl.path.PathResolver;
import io.orderpipeline.asl.spi.ErrorNames;
import io.orderpipeline.asl.spi.StatesError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Choice: the first rule that matches picks Next (and its {@code Assign}, and in JSONata its {@code Output}, take
 * effect); else Default (with the state's own {@code Assign} and {@code Output}); else States.NoChoiceMatched. A
 * JSONPath rule compares a {@code Variable} with an operator ({@link ChoiceRules}); a JSONata rule's
 * {@code Condition} is {@code true}, {@code false} or an expression that must evaluate to a boolean.
 */
public final class ChoiceState extends State {

    /** @param rule JSONPath: the rule object; @param condition JSONata: its Condition; @param io its own Output */
    private record Branch(JsonNode rule, ValueSource condition, String next, Assign assign, InputOutput io) {
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
            choices.add(branch(fields.nested(fields.where() + " Choices[" + i + "]", array.get(i)), io));
        }
        String defaultNext = fields.string("Default");
        return new ChoiceState(name, io, List.copyOf(choices), defaultNext, Assign.from(fields));
    }

    private static Branch branch(Fields rule, InputOutput stateIo) {
        String next = rule.requiredString("Next");
        Assign assign = Assign.from(rule);
        rule.raw("Comment");
        if (rule.jsonata()) {
            JsonNode condition = rule.raw("Condition");
            ValueSource source;
            if (condition != null && condition.isBoolean()) {
                source = new Literal(condition);
            } else if (JsonataTemplate.isExpression(condition)) {
                source = rule.jsonataTemplate("Condition");
            } else {
                throw rule.error("'Condition' must be true, false or a JSONata expression {% … %}");
            }
            JsonataTemplate output = rule.jsonataTemplate("Output");
            rule.done();
            return new Branch(null, source, next, assign, output == null ? stateIo : new JsonataIo(null, output, false));
        }
        if (rule.has("Condition") || rule.has("Output")) {
            throw rule.error("'Condition' and 'Output' are only allowed with QueryLanguage JSONata");
        }
        JsonNode json = rule.nodeAsJson();
        try {
            ChoiceRules.validate(json);
        } catch (IllegalArgumentException e) {
            throw rule.error(e.getMessage());
        }
        return new Branch(json, null, next, assign, stateIo);
    }

    @Override
    public StepResult execute(JsonNode input, StateContext context) throws StatesError {
        JsonNode effective = io.effectiveInput(input, context);
        PathResolver paths = context.paths(effective);
        for (Branch choice : choices) {
            if (matches(choice, input, paths, context)) {
                return new StepResult(choice.io().finish(input, effective, choice.assign(), context), choice.next());
            }
        }
        if (defaultNext == null) {
            throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, "No Matches! (state '" + name() + "')");
        }
        return new StepResult(io.finish(input, effective, defaultAssign, context), defaultNext);
    }

    private static boolean matches(Branch choice, JsonNode input, PathResolver paths, StateContext context) {
        if (choice.condition() == null) {
            return ChoiceRules.matches(choice.rule(), paths);
        }
        JsonNode value = choice.condition().evaluate(context.scope(input));
        if (!value.isBoolean()) {
            throw Values.unexpectedType(choice.condition(), "Condition", "boolean", value);
        }
        return value.booleanValue();
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
