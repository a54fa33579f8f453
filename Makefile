# depressoAssist: `make run` serves the product, `make test` proves it. Both set up what they need.
SHELL := /bin/bash
# llama.cpp is built by setup into .cache; SwiftPM finds it through its llama.pc.
export PKG_CONFIG_PATH := $(CURDIR)/.cache/llama.cpp/lib/pkgconfig

.PHONY: setup build run test test-cluster bench-chat bench-replies bench-analysis bench-screening bench-admission bench-load bench-ratelimit bench-contention clean-cache

setup:
	@bash scripts/setup.sh all

build: setup
	swift build -c release --product App

run: build
	HOST=$${HOST:-0.0.0.0} PORT=$${PORT:-8000} .build/release/App serve

test: setup
	@bash scripts/test.sh

test-cluster: setup
	@bash scripts/test-cluster.sh

bench-load: setup
	@bash bench/load/run.sh

bench-contention: setup
	@bash bench/contention/run.sh

bench-ratelimit: setup
	@bash bench/ratelimit/run.sh

bench-chat: setup
	@bash bench/chat/run.sh

bench-replies: setup
	@bash bench/replies/run.sh

bench-analysis: setup
	@bash bench/analysis/run.sh

bench-screening: setup
	@bash bench/screening/run.sh

bench-admission: setup
	@bash bench/admission/run.sh

clean-cache:
	rm -rf .cache
