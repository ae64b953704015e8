package io.orderpipeline.asl.states;

import java.util.Map;

/** StartAt plus States: a whole state machine, a Parallel branch or a Map's ItemProcessor. */
public record StateGraph(String startAt, Map<String, State> states) {

    public StateGraph {
        states = Map.copyOf(states);
    }

    public State state(String name) {
        return states.get(name);
    }
}
