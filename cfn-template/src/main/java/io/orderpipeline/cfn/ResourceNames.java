package io.orderpipeline.cfn;

/**
 * How one deployment names what a template declares: the pseudo parameters, and the value of {@code Ref} and
 * {@code Fn::GetAtt} for each resource. The local pipeline names resources after their logical ids on loopback
 * emulators; infra-tests names them as CloudFormation would in a real account. {@link TemplateResolver} does the rest
 * of CloudFormation's intrinsic functions the same way for both.
 */
public interface ResourceNames {

    String region();

    String accountId();

    String stackName();

    default String partition() {
        return "aws";
    }

    default String urlSuffix() {
        return "amazonaws.com";
    }

    default String stackId() {
        return "arn:" + partition() + ":cloudformation:" + region() + ":" + accountId() + ":stack/" + stackName() + "/local";
    }

    /** What {@code Ref} returns for the resource; {@code resolver} resolves its properties (a name it declares). */
    Object ref(Template.Resource resource, TemplateResolver<?> resolver);

    /** What {@code Fn::GetAtt resource.attribute} returns. */
    Object getAtt(Template.Resource resource, String attribute, TemplateResolver<?> resolver);

    /**
     * SAM's derived references ({@code Function.Alias}, {@code Function.Version}) in a template that has not been
     * transformed; an error by default.
     */
    default Object samReference(Template.Resource resource, String suffix, TemplateResolver<?> resolver) {
        throw new IllegalArgumentException("Cannot resolve !Ref " + resource.logicalId() + "." + suffix);
    }
}
