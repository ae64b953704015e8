package io.orderpipeline.infra;

import java.util.TreeSet;

/**
 * The EventBridge rule that starts the state machine on uploads, as SAM generates it (an {@code AWS::Events::Rule}
 * targeting the state machine): the bucket and the key prefix its pattern lets through.
 */
record UploadRule(String logicalId, String bucket, String keyPrefix, String ruleArn) {

    static UploadRule of(DeployedStack stack) {
        var rules = stack.resourcesOfType("AWS::Events::Rule").stream()
                .filter(r -> Yamls.list(r.property("Targets")).stream()
                        .anyMatch(t -> stack.resolveString(Yamls.map(t).get("Arn")).contains(":stateMachine:")))
                .toList();
        if (rules.size() != 1) {
            throw new AssertionError("expected one rule starting the state machine, found " + rules);
        }
        var rule = rules.getFirst();
        var pattern = stack.resolver().resolveMap(rule.property("EventPattern"));
        var buckets = Yamls.list(Yamls.at(pattern, "detail", "bucket", "name"));
        if (buckets.size() != 1) {
            throw new AssertionError("the rule should name exactly one bucket: " + buckets);
        }
        var prefixes = new TreeSet<String>();
        for (var matcher : Yamls.list(Yamls.at(pattern, "detail", "object", "key"))) {
            var m = Yamls.map(matcher);
            if (m.containsKey("prefix")) {
                prefixes.add(String.valueOf(m.get("prefix")));
            } else if (m.containsKey("wildcard")) {
                var wildcard = String.valueOf(m.get("wildcard"));
                prefixes.add(wildcard.substring(0, wildcard.indexOf('*')));
            } else {
                throw new AssertionError("unexpected key matcher in the rule: " + m);
            }
        }
        if (prefixes.size() != 1) {
            throw new AssertionError("the rule should let one key prefix through: " + prefixes);
        }
        return new UploadRule(rule.logicalId(), String.valueOf(buckets.getFirst()), prefixes.first(), stack.arn(rule.logicalId()));
    }
}
