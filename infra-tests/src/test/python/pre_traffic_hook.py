"""Runs the PreTrafficHook's code (template.yaml, Code.ZipFile) with fake AWS clients, offline.

stdin:  {"code": "<python>", "checks": "<CHECKS as deployed>", "event": {...},
         "answers": {"<function ARN>": [{"error": "AccessDeniedException"} | {"payload": "<json>", "functionError": "Unhandled"}, ...]}}
stdout: {"returned": ..., "reported": [<put_lifecycle_event_hook_execution_status arguments>], "invocations": [[arn, payload], ...]}
Only the standard library: boto3 and botocore are replaced by fakes before the code is run.
"""
import contextlib
import io
import json
import os
import sys
import types


class ClientError(Exception):
    def __init__(self, error_response, operation_name):
        super().__init__(f"{error_response['Error']['Code']} in {operation_name}")
        self.response = error_response


def main():
    request = json.load(sys.stdin)
    answers = {arn: list(queue) for arn, queue in request["answers"].items()}
    invocations, reported = [], []

    class Lambda:
        def invoke(self, FunctionName, Payload):
            invocations.append([FunctionName, json.loads(Payload)])
            queue = answers.get(FunctionName) or [{"error": "ResourceNotFoundException"}]
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            if "error" in answer:
                raise ClientError({"Error": {"Code": answer["error"], "Message": "fake"}}, "Invoke")
            response = {"StatusCode": 200, "Payload": io.BytesIO(answer["payload"].encode())}
            if answer.get("functionError"):
                response["FunctionError"] = answer["functionError"]
            return response

    class CodeDeploy:
        def put_lifecycle_event_hook_execution_status(self, **arguments):
            reported.append(arguments)
            return {"lifecycleEventHookExecutionId": arguments["lifecycleEventHookExecutionId"]}

    boto3 = types.ModuleType("boto3")
    boto3.client = lambda name: {"lambda": Lambda(), "codedeploy": CodeDeploy()}[name]
    botocore = types.ModuleType("botocore")
    exceptions = types.ModuleType("botocore.exceptions")
    exceptions.ClientError = ClientError
    botocore.exceptions = exceptions
    sys.modules.update({"boto3": boto3, "botocore": botocore, "botocore.exceptions": exceptions})

    os.environ["CHECKS"] = request["checks"]
    hook = types.ModuleType("index")
    exec(compile(request["code"], "index.py", "exec"), hook.__dict__)
    hook.RETRY_SECONDS = 0
    printed = io.StringIO()  # the hook's log line (CloudWatch Logs in Lambda)
    with contextlib.redirect_stdout(printed):
        returned = hook.handler(request["event"], None)
    json.dump({"returned": returned, "reported": reported, "invocations": invocations, "log": printed.getvalue()},
              sys.stdout)


if __name__ == "__main__":
    main()
