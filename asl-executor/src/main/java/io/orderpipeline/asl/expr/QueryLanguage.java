package io.orderpipeline.asl.expr;

/**
 * {@code QueryLanguage} of a state machine or a state (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
 * JSONPath (the default) or JSONata. A state without the field uses the state machine's.
 */
public enum QueryLanguage {
    JSONPATH("JSONPath"), JSONATA("JSONata");

    private final String awsName;

    QueryLanguage(String awsName) {
        this.awsName = awsName;
    }

    public String awsName() {
        return awsName;
    }

    /** @return the language {@code name} spells, or null when it is none */
    public static QueryLanguage named(String name) {
        for (QueryLanguage language : values()) {
            if (language.awsName.equals(name)) {
                return language;
            }
        }
        return null;
    }
}
