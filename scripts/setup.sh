#!/usr/bin/env bash
# One command for a fresh Debian/Ubuntu machine: system packages (when missing),
# npm dependencies (which compile the CLI), then the sample handout into out/.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -d /usr/share/citation-style-language/styles ] || need+=(citation-style-language-styles)
[ -d /usr/share/citation-style-language/locales ] || need+=(citation-style-language-locales)
command -v pandoc >/dev/null || need+=(pandoc)          # reference for npm run bench and the parity goldens
command -v python3 >/dev/null || need+=(python3)        # npm run conformance
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "Installing Debian packages: ${need[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Please install: ${need[*]} (handout falls back to its bundled APA/Vancouver styles without them)" >&2
  fi
fi

npm ci --no-audit --no-fund
npm run --silent build:code
node dist/cli.js build manuscripts/ketamine-paradigm-shift.md
