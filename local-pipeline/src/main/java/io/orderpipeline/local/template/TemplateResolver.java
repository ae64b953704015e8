package io.orderpipeline.local.template;

import io.orderpipeline.cfn.Template;

import java.util.Map;

/**
 * The shared CloudFormation resolver ({@link io.orderpipeline.cfn.TemplateResolver}) with the local pipeline's names:
 * intrinsics resolve to the names, URLs and ARNs of {@link LocalNames}.
 */
public final class TemplateResolver extends io.orderpipeline.cfn.TemplateResolver<LocalNames> {

    /** @param overrides parameter values given on the command line; the others take the template's defaults */
    public TemplateResolver(Template template, LocalNames names, Map<String, String> overrides) {
        super(template, names, overrides);
    }
}
