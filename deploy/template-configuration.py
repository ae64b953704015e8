"""Writes a CloudFormation template configuration file (the JSON CodePipeline's CloudFormation deploy action reads:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-cfn-artifacts.html)
from one samconfig.toml environment, so the pipeline deploys each stage with exactly the parameters and tags
`sam deploy --config-env <env>` uses.

usage: python3 deploy/template-configuration.py samconfig.toml default > dev-configuration.json
"""
import json
import shlex
import sys
import tomllib


def pairs(text):
    """samconfig's 'Key="value" Other="x y"' lists, as SAM writes them."""
    result = {}
    for item in shlex.split(text or ""):
        key, _, value = item.partition("=")
        result[key] = value
    return result


def main(samconfig, environment):
    with open(samconfig, "rb") as f:
        config = tomllib.load(f)
    deploy = config[environment]["deploy"]["parameters"]
    json.dump({"Parameters": pairs(deploy.get("parameter_overrides")), "Tags": pairs(deploy.get("tags"))},
              sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
