# The two commands a newcomer needs: `make pipeline` and `make test` (see README.md and docs/operations.md).
YEAR ?= 2023
# The sample exports of the year: 2023 (the published year) or 2024 (continuing it, nothing published).
SAMPLES := samples/data/$(YEAR)
INPUT ?= $(SAMPLES)
# The benchmark measures the published year.
BENCH_SAMPLES := samples/data/2023
# Without DATABASE_URL the embedded warehouse (.warehouse/) is used.
export DATABASE_URL

NODE_MODULES := node_modules/.package-lock.json
SOURCES := $(shell find src pipelines samples tools -name '*.ts' -not -path 'samples/data/*') tsconfig.json tsconfig.build.json

.PHONY: pipeline test bench install build samples typecheck clean docs

pipeline: build $(if $(filter $(INPUT),$(SAMPLES)),$(SAMPLES).manifest.json)
	node bin/etl.js run --year $(YEAR) --input $(INPUT)

# Ends with the plain line `tests: N passed, N failed` (from vitest's JSON report) for CI logs.
test: install
	npx tsc -p tsconfig.json --noEmit
	@mkdir -p out
	npx vitest run --reporter=default --reporter=json --outputFile=out/test-report.json; status=$$?; \
	node -e 'const r = require("./out/test-report.json"); console.log(`tests: $${r.numPassedTests} passed, $${r.numFailedTests} failed`)' || true; \
	exit $$status

install: $(NODE_MODULES)

# npm ci also builds (the package's `prepare` script runs tsc).
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund

build: dist/.built

dist/.built: $(NODE_MODULES) $(SOURCES)
	npx tsc -p tsconfig.build.json
	node dist/tools/warehouse-template/make-template.js
	@touch $@

samples: $(SAMPLES).manifest.json

# Generated once per year (deterministic); the generator writes its manifest last, beside the
# folder. Delete samples/data to regenerate. `make samples YEAR=2024` writes the year after the
# published one, continuing it (samples/generator/continuation.ts).
samples/data/%.manifest.json: | build
	node dist/samples/generate.js --out samples/data/$* --scale full --year $*

# Speed and memory at a year's scale (see docs/performance.md); needs the PostgreSQL server.
# `make bench BENCH_ONLY=f,g` measures only those (letters a–g); only (e) needs the sample year.
BENCH_ONLY ?=
export BENCH_ONLY
bench: build $(if $(BENCH_ONLY),$(if $(findstring e,$(BENCH_ONLY)),$(BENCH_SAMPLES).manifest.json),$(BENCH_SAMPLES).manifest.json)
	node dist/samples/bench/run-bench.js

# docs/figures.md, the figure catalogue, from sql/figures and reference/published
# (tests/docs-figures.test.ts fails when it is out of date).
docs: build
	node dist/tools/figure-catalogue/figure-catalogue.js

typecheck: install
	npx tsc -p tsconfig.json --noEmit

clean:
	rm -rf dist out samples/data

# Compares our workbook reader with openpyxl on every .xlsx/.xlsm under DIR: a report, not a test
# (not part of `make test`); see docs/diff-readers.md. OUT defaults to out/diff-readers.
.PHONY: diff-readers
diff-readers: build
	@test -n "$(DIR)" || { echo 'usage: make diff-readers DIR=folder [OUT=out/diff-readers]' >&2; exit 2; }
	tools/diff-readers/diff-readers.sh --out $(or $(OUT),out/diff-readers) $(DIR)
