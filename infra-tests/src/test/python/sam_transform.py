"""Runs AWS's own SAM translator (the samtranslator package CloudFormation's AWS::Serverless transform is built on)
over template.yaml, offline, for one or more sets of parameter values.

stdin:  {"template": "<path>", "region": "us-east-1", "parameterSets": [{"LogLevel": "DEBUG"}, ...]}
stdout: {"samtranslator": "<version>", "templates": [<transformed template>, ...],
         "createOnlyProperties": {"<resource type>": ["/properties/X", ...]} or null without cfn-lint}
exit 3: a Python package is missing (the caller reports the check as skipped, never as passed).

As `sam package` does before a deploy, local CodeUri / DefinitionUri values become S3 locations (fixed ones here,
so that two transforms differ only by the parameter values). How to run the translator offline:
../shared/DEPENDENCIES.md "Checked 2026-12-01"; samtranslator.translator.transform.transform is the entry point.
"""
import json
import os
import sys


def main():
    request = json.load(sys.stdin)
    os.environ["AWS_DEFAULT_REGION"] = request.get("region", "us-east-1")
    try:
        import samtranslator
        from samtranslator.translator.transform import transform
        from samtranslator.yaml_helper import yaml_parse
    except ImportError as e:
        print(f"samtranslator (aws-sam-translator) is not installed: {e}", file=sys.stderr)
        sys.exit(3)

    with open(request["template"], encoding="utf-8") as f:
        source = f.read()

    class NoManagedPolicies:
        """The template names no managed policy by name; SAM only looks names up through this loader."""

        def load(self):
            return {}

    templates = []
    for values in request["parameterSets"]:
        template = yaml_parse(source)
        for logical_id, resource in template.get("Resources", {}).items():
            properties = resource.get("Properties", {})
            if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
                properties["CodeUri"] = f"s3://sam-artifacts/order-pipeline/{logical_id}.zip"
            if resource.get("Type") == "AWS::Serverless::StateMachine" and isinstance(properties.get("DefinitionUri"), str):
                properties["DefinitionUri"] = f"s3://sam-artifacts/order-pipeline/{logical_id}.asl.json"
        templates.append(transform(template, dict(values), NoManagedPolicies()))

    types = sorted({r["Type"] for t in templates for r in t.get("Resources", {}).values()})
    json.dump({"samtranslator": samtranslator.__version__, "templates": templates,
               "createOnlyProperties": create_only_properties(types, request.get("region", "us-east-1"))}, sys.stdout)


def create_only_properties(types, region):
    """CloudFormation replaces a resource when one of these changes: the resource provider schemas AWS publishes,
    as bundled with cfn-lint. None when cfn-lint is not installed."""
    try:
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
    except ImportError:
        return None
    result = {}
    for resource_type in types:
        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type).schema
        except Exception:  # a type cfn-lint has no schema for
            continue
        result[resource_type] = schema.get("createOnlyProperties", [])
    return result


if __name__ == "__main__":
    main()
