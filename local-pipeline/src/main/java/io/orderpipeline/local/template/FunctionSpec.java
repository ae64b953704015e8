package io.orderpipeline.local.template;

import java.util.Map;

/**
 * One {@code AWS::Serverless::Function} as it would run: Globals merged with the function's own properties.
 *
 * @param handler     {@code package.Class::method}
 * @param environment Globals' and the function's variables with intrinsics resolved to local names
 */
public record FunctionSpec(String logicalId, String handler, int timeoutSeconds, int memoryMb, String architecture,
                           Map<String, String> environment) {

    public String handlerClass() {
        var separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }
}
