package io.orderpipeline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import io.orderpipeline.cfn.TemplateResolver;

/**
 * Every way the template gets deployed: each {@code [env.deploy.parameters]} of samconfig.toml (dev is
 * {@code default}, {@code sam deploy --config-env prod}), and the template's own defaults (what a deploy falls back to
 * for a parameter its {@code --parameter-overrides} leave out). Each with the template resolved for its values.
 */
record DeployStages(String name, Map<String, String> overrides) {

    private static final Pattern OVERRIDE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static List<DeployStages> all() {
        var stages = new ArrayList<DeployStages>();
        stages.add(new DeployStages("template defaults", Map.of()));
        try {
            var config = new TomlMapper().readTree(ProjectFiles.resolve("samconfig.toml").toFile());
            config.properties().forEach(env -> {
                var text = env.getValue().path("deploy").path("parameters").path("parameter_overrides").asText(null);
                if (text != null) {
                    stages.add(new DeployStages("samconfig [" + env.getKey() + "]", overrides(text)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stages;
    }

    static Map<String, String> overrides(String text) {
        var values = new LinkedHashMap<String, String>();
        var m = OVERRIDE.matcher(text);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    /** template.yaml with these parameter values (the others at their defaults). */
    TemplateResolver<AwsNames> resolver(SamTemplate template) {
        return new TemplateResolver<>(template.template(), AwsNames.DEFAULT, overrides);
    }

    @Override
    public String toString() {
        return name;
    }
}
