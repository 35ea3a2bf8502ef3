# Talkamie contract toolkit. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --warn-undefined-variables

CONTRACT := go run ./tools/cmd/contract
GO_TEST_FLAGS ?= -race -count=1

.PHONY: help
help: ## List the targets.
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

.PHONY: mock
mock: ## Serve the embedded contract as a validating mock on 127.0.0.1:4010.
	$(CONTRACT) mock

.PHONY: lint
lint: ## Lint the Talkamie contract (schemas/, spec/) and every contract under examples/.
	$(CONTRACT) lint
	for d in examples/*/; do $(CONTRACT) lint --dir "$$d"; done

.PHONY: bundle
bundle: ## Write gen/openapi.yaml and gen/asyncapi.yaml.
	$(CONTRACT) bundle

.PHONY: gen
gen: ## Bundle the contract and regenerate everything under gen/ (bundle, embed, Go packages).
	$(CONTRACT) gen

.PHONY: check-gen
check-gen: ## Fail, with a short diff, when `make gen` would change anything.
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

# `make check` settings: the revision `contract diff` compares against, and the finding format
# (github-actions in CI, for annotations).
DIFF_BASE ?= origin/main
CHECK_FORMAT ?= text

.PHONY: check
check: ## What CI runs: lint, gen --check, vet, tests, and `contract diff` against DIFF_BASE (origin/main) when it exists.
	$(CONTRACT) lint --format $(CHECK_FORMAT)
	$(CONTRACT) gen --check
	go vet ./...
	go test $(GO_TEST_FLAGS) ./...
	@if git rev-parse --verify --quiet '$(DIFF_BASE)^{commit}' >/dev/null; then \
		echo "$(CONTRACT) diff --base $(DIFF_BASE) --format $(CHECK_FORMAT) --min-level warning"; \
		$(CONTRACT) diff --base '$(DIFF_BASE)' --format $(CHECK_FORMAT) --min-level warning; \
	else \
		echo "check: $(DIFF_BASE) does not exist in this clone, diff skipped"; \
	fi
