#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages are not needed: the parity fixtures
# are committed), builds and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test GenMetrics.slnx -c Release --nologo "$@"
