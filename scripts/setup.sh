#!/usr/bin/env bash
# One command for a fresh Debian/Ubuntu machine: system packages (when missing:
# CSL styles and locales, Chromium, pandoc), npm dependencies (which compile the
# CLI; no browser download), then the sample handout (HTML and PDF) into out/.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -d /usr/share/citation-style-language/styles ] || need+=(citation-style-language-styles)
[ -d /usr/share/citation-style-language/locales ] || need+=(citation-style-language-locales)
command -v pandoc >/dev/null || need+=(pandoc)          # reference for npm run bench and the parity goldens
# A browser for PDF output, unless one is already there (see `handout doctor`).
if [ -z "${HANDOUT_BROWSER:-}${PUPPETEER_EXECUTABLE_PATH:-}${CHROME_PATH:-}" ] \
  && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
  && ! command -v google-chrome >/dev/null && ! command -v google-chrome-stable >/dev/null; then
  need+=(chromium)
fi
command -v pdftoppm >/dev/null || need+=(poppler-utils) # the README's page pictures (docs/)
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

# Puppeteer must not download a browser (offline-safe; .puppeteerrc.cjs says the same).
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
npm run --silent build:code
node dist/cli.js build manuscripts/ketamine-paradigm-shift.md manuscripts/pandoc-features.md
node dist/cli.js packet packets/ketamine-reading-packet.yml
