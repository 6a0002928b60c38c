#!/usr/bin/env bash
# The one test command: builds the solution and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build MultimodalSearch.sln -c Release
dotnet test MultimodalSearch.sln -c Release --no-build
