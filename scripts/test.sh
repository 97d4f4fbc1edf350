#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine (as root): installs and starts what the tests
# need (scripts/test-env.sh: Docker engine, base image, store images, client tools), then runs
# the unit tests (surefire) and the integration tests against real containers and a real S3
# server (failsafe). Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=BadInputIT
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-env.sh
exec mvn -B verify "$@"
