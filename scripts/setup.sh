#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine with Node 20: Debian's Chromium, poppler-utils, strace and
# LibreOffice Writer (libreoffice-writer-nogui) when they are missing (the build prints with Chromium;
# tests read PDFs with pdftotext/pdffonts, trace a build's connections with strace and open the Word
# files in LibreOffice, tests/docx-libreoffice.test.ts), then
# the npm packages exactly as package-lock.json has them (npm ci: the lock is never rewritten, so
# git status stays clean), which also compiles the TypeScript in src/ to dist/ (prepare).
# Safe to run again: with node_modules newer than the lock it only compiles.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# the network test traces a build with strace (tests/browser-sandbox.test.ts)
command -v strace >/dev/null 2>&1 || missing+=(strace)
# the Word files are opened as a user would, headless (tests/docx-libreoffice.test.ts)
command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]} from Debian" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
else
  npm run --silent build
fi
