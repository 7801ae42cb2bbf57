#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine with Node 20: installs the npm packages (which also
# compiles the TypeScript in src/ to dist/). Safe to run again; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
else
  npm run --silent build
fi
