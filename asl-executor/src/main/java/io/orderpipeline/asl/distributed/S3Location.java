package io.orderpipeline.asl.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderpipeline.asl.definition.Fields;
import io.orderpipeline.asl.expr.JsonPathTemplate;
import io.orderpipeline.asl.expr.ValueSource;

import java.util.List;

/**
 * The S3 location of an ItemReader or ResultWriter: JSONPath {@code Parameters} ({@code Bucket}, {@code Bucket.$}, …)
 * or JSONata {@code Arguments} (an object whose values may be {@code {% %}} expressions, or one expression).
 */
final class S3Location {

    private S3Location() {
    }

    /**
     * @param names the fields the location may have, e.g. Bucket, Key, VersionId
     * @param what  says what is required, for the error when the field is missing
     */
    static ValueSource from(Fields fields, List<String> names, String what) {
        String field = fields.jsonata() ? "Arguments" : "Parameters";
        if (fields.jsonata()) {
            fields.rejectInJsonata("Parameters");
        } else {
            fields.rejectInJsonPath("Arguments");
        }
        ValueSource location = fields.payload(field);
        if (location == null) {
            throw fields.error("'" + field + "' with " + what + " is required");
        }
        JsonNode written = location instanceof JsonPathTemplate template ? template.template().template()
                : fields.raw(field);
        if (written.isObject()) {
            var parameterFields = new Fields(fields.where() + " " + field, written);
            for (String name : names) {
                parameterFields.raw(name);
                if (!fields.jsonata()) {
                    parameterFields.raw(name + ".$");
                }
            }
            parameterFields.done();
        }
        return location;
    }
}
