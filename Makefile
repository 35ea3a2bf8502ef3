# Talkamie contract toolkit. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --warn-undefined-variables

# The CLI is built once per make run (go build is incremental) instead of `go run` per call.
CONTRACT := bin/contract
GO_TEST_FLAGS ?= -race -count=1
# The finding format of lint and diff: text, or github-actions in CI for annotations.
CHECK_FORMAT ?= text
# The revision `make check` runs `contract diff` against.
DIFF_BASE ?= origin/main

.PHONY: help
help: ## List the targets.
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

.PHONY: $(CONTRACT)
$(CONTRACT):
	go build -o $@ ./tools/cmd/contract

.PHONY: mock
mock: $(CONTRACT) ## Serve the embedded contract as a validating mock on 127.0.0.1:4010.
	$(CONTRACT) mock

.PHONY: lint
lint: $(CONTRACT) ## Lint the Talkamie contract (schemas/, spec/) and every contract under examples/.
	$(CONTRACT) lint --format $(CHECK_FORMAT)
	for d in examples/*/; do $(CONTRACT) lint --format $(CHECK_FORMAT) --dir "$$d"; done

.PHONY: bundle
bundle: $(CONTRACT) ## Write gen/openapi.yaml and gen/asyncapi.yaml.
	$(CONTRACT) bundle

.PHONY: gen
gen: $(CONTRACT) ## Bundle the contract and regenerate everything under gen/ (bundle, embed, Go packages).
	$(CONTRACT) gen

.PHONY: check-gen
check-gen: $(CONTRACT) ## Fail, with a short diff, when `make gen` would change anything.
	$(CONTRACT) gen --check

.PHONY: vet
vet: ## go vet every package.
	go vet ./...

.PHONY: test
test: vet ## Run every test (vet, unit, e2e, golden, examples, external validators when npm is present).
	go test $(GO_TEST_FLAGS) ./...
	$(MAKE) validate-external

.PHONY: validate-external
validate-external: ## Validate the bundles with Redocly CLI and @asyncapi/parser (needs npm).
	@if command -v npm >/dev/null 2>&1; then tools/external/validate.sh; else echo "validate-external: npm not found, skipped"; fi

.PHONY: bench-mock
bench-mock: ## Load-test the mock against a bare Echo ceiling and Prism 5 (10 s each, 64 connections, 60 s soak).
	tools/bench/run.sh

.PHONY: bench
bench: ## Go benchmarks for lint, bundle, server and mock.
	go test -run '^$$' -bench . -benchmem ./...

.PHONY: check
check: lint check-gen test diff ## What CI runs: lint, gen --check, vet, every test, and `contract diff` against DIFF_BASE.

.PHONY: diff
diff: $(CONTRACT) ## Breaking changes against DIFF_BASE (origin/main), when that revision exists in this clone.
	@if git rev-parse --verify --quiet '$(DIFF_BASE)^{commit}' >/dev/null; then \
		echo "$(CONTRACT) diff --base $(DIFF_BASE) --format $(CHECK_FORMAT) --min-level warning"; \
		$(CONTRACT) diff --base '$(DIFF_BASE)' --format $(CHECK_FORMAT) --min-level warning; \
	else \
		echo "diff: $(DIFF_BASE) does not exist in this clone, skipped"; \
	fi
