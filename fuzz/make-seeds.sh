#!/usr/bin/env bash
# Seeds for the fuzzer: the project's own CSDL fixtures, and the real Graph
# documents from ../shared (copied into the ignored fuzz/seeds folder, never committed).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p seeds
cp ../codegen/tests/fixtures/*.csdl ../codegen/tests/golden/*.csdl seeds/
cp ../metadata/beta/synchronization.csdl seeds/beta-synchronization.csdl
cp ../metadata/v1.0/synchronization.csdl seeds/v1.0-synchronization.csdl
shared=../../shared/graph-metadata
if [ -d "$shared" ]; then
  cp "$shared"/beta-Review-2026-08.csdl "$shared"/beta-GovSG-2026-08.csdl "$shared"/v1.0-GovSG-2026-08.csdl seeds/
else
  echo "==== ../shared/graph-metadata is missing: seeding with the project's fixtures only" >&2
fi
