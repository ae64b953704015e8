# Build targets for `sam build` (template.yaml: Metadata BuildMethod: makefile, CodeUri: .).
# SAM runs `make build-<LogicalId>` with ARTIFACTS_DIR set; the function's code must end up there.
# SAM's own Maven builder cannot be used: it builds the CodeUri folder alone and cannot resolve
# sibling modules (order-model) or the parent pom.
#
# Usable without SAM too:  make build-ValidatorFunction ARTIFACTS_DIR=/tmp/validator
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

MVNW ?= ./mvnw
MVN_FLAGS ?= -B -q -DskipTests

.PHONY: build-ValidatorFunction build-RedriveFunction build-ReconcilerFunction

build-ValidatorFunction:
	$(call build-lambda-jar,order-validator-fn)

build-RedriveFunction:
	$(call build-lambda-jar,dlq-redrive-fn)

build-ReconcilerFunction:
	$(call build-lambda-jar,reconciler-fn)

# $(1) = Maven module. Builds it (and what it needs, -am) with a JDK 21+ picked by scripts/jdk.sh,
# then copies its shaded jar (classifier "lambda") into $(ARTIFACTS_DIR)/lib/, where the Lambda
# Java runtime puts every jar on the classpath.
define build-lambda-jar
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it; by hand: make $@ ARTIFACTS_DIR=<dir>)" >&2; exit 2; }
	source scripts/jdk.sh && $(MVNW) $(MVN_FLAGS) package -pl $(1) -am
	@jars=( $(1)/target/$(1)-*-lambda.jar ); \
	if [ ! -f "$${jars[0]}" ]; then echo "$(1): no $(1)-*-lambda.jar under $(1)/target after the build" >&2; exit 1; fi; \
	if [ $${#jars[@]} -ne 1 ]; then echo "$(1): more than one lambda jar under $(1)/target: $${jars[*]}" >&2; exit 1; fi; \
	mkdir -p "$(ARTIFACTS_DIR)/lib"; \
	cp "$${jars[0]}" "$(ARTIFACTS_DIR)/lib/"; \
	echo "$(1): $$(basename "$${jars[0]}") -> $(ARTIFACTS_DIR)/lib/"
endef
