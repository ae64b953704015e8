package io.orderpipeline.local.template;

import io.orderpipeline.cfn.Template;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The test template under {@code src/test/resources/fixture}. */
public final class Fixture {
    public static final LocalNames NAMES = new LocalNames(URI.create("http://127.0.0.1:9324"));

    private Fixture() {
    }

    public static Path templateFile() {
        try {
            return Path.of(Fixture.class.getResource("/fixture/template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TemplateResolver resolver(Map<String, String> overrides) {
        try {
            return new TemplateResolver(Template.load(templateFile()), NAMES, overrides);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
