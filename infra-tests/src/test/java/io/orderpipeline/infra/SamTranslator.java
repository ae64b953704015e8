package io.orderpipeline.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * template.yaml as CloudFormation's {@code AWS::Serverless-2016-10-31} transform turns it into plain CloudFormation:
 * AWS's own SAM translator (python3 + the samtranslator package, as preinstalled with cfn-lint) run offline by
 * {@code src/test/python/sam_transform.py}. Without python3 or samtranslator the calling test is aborted with the
 * reason ("skipped"), never passed.
 */
final class SamTranslator {

    private static final String SCRIPT = "infra-tests/src/test/python/sam_transform.py";
    /** Transforms per parameter set, kept for the whole test run (one JVM): python and the translator take seconds. */
    private static final Map<Map<String, String>, Map<String, Object>> CACHE = new ConcurrentHashMap<>();
    private static volatile Result last;
    private static final Map<String, Map<String, Object>> OTHER_TEMPLATES = new ConcurrentHashMap<>();

    /**
     * @param templates            one transformed template per parameter set, in order
     * @param createOnlyProperties per resource type, the properties whose change makes CloudFormation replace the
     *                             resource (AWS's resource provider schemas, as bundled with cfn-lint); null without it
     */
    record Result(String version, List<Map<String, Object>> templates, Map<String, List<String>> createOnlyProperties) {
    }

    private SamTranslator() {
    }

    /** The template transformed with the defaults of every parameter. */
    static DeployedStack deployed() {
        return deployed(Map.of());
    }

    static DeployedStack deployed(Map<String, String> parameters) {
        return new DeployedStack(transform(List.of(parameters)).templates().getFirst(), parameters);
    }

    /**
     * One transform per parameter set (values the set leaves out take the template's defaults); the sets not
     * transformed yet go through one python run.
     */
    static synchronized Result transform(List<Map<String, String>> parameterSets) {
        var missing = parameterSets.stream().filter(set -> !CACHE.containsKey(set)).distinct().toList();
        if (!missing.isEmpty() || last == null) {
            var fresh = run(missing.isEmpty() ? List.of(parameterSets.getFirst()) : missing);
            for (int i = 0; i < fresh.templates().size(); i++) {
                CACHE.put(missing.isEmpty() ? parameterSets.getFirst() : missing.get(i), fresh.templates().get(i));
            }
            last = fresh;
        }
        return new Result(last.version(), parameterSets.stream().map(CACHE::get).toList(), last.createOnlyProperties());
    }

    /**
     * Another template of the project (relative path), transformed as CloudFormation would (a template without the
     * SAM transform comes back as written, checked by the same translator), with its parameters' defaults.
     */
    static DeployedStack deployed(String template, Map<String, String> parameters, AwsNames names) {
        var transformed = OTHER_TEMPLATES.computeIfAbsent(template, t -> run(t, List.of(Map.of())).templates().getFirst());
        return new DeployedStack(transformed, parameters, names);
    }

    private static Result run(List<Map<String, String>> parameterSets) {
        return run("template.yaml", parameterSets);
    }

    private static Result run(String template, List<Map<String, String>> parameterSets) {
        var python = ExternalTool.require("python3",
                "python3 is not installed; the template was NOT transformed with the SAM translator");
        var request = new LinkedHashMap<String, Object>();
        request.put("template", ProjectFiles.resolve(template).toString());
        request.put("region", AwsNames.DEFAULT.region());
        request.put("parameterSets", new ArrayList<>(parameterSets));
        var parsed = ExternalTool.runJson(List.of(python.toString(), ProjectFiles.resolve(SCRIPT).toString()), request, 180,
                "the SAM translator is not installed (python3 -m pip install aws-sam-translator, or cfn-lint which brings it); "
                        + "the template was NOT transformed");
        @SuppressWarnings("unchecked")
        var templates = (List<Map<String, Object>>) parsed.get("templates");
        @SuppressWarnings("unchecked")
        var createOnly = (Map<String, List<String>>) parsed.get("createOnlyProperties");
        return new Result(String.valueOf(parsed.get("samtranslator")), templates, createOnly);
    }
}
