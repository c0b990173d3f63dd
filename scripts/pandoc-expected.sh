#!/usr/bin/env bash
# Regenerate tests/pandoc/<case>/expected.html with Debian's pandoc (pandoc --citeproc),
# from tests/pandoc/manuscript.md and the same CSL file handout uses.
set -euo pipefail
cd "$(dirname "$0")/../tests/pandoc"
styles=/usr/share/citation-style-language/styles
for case in apa vancouver chicago-author-date chicago-fullnote-bibliography ieee nature apa-de-DE; do
  style=${case%-de-DE}; lang=en-US
  [ "$case" != "$style" ] && lang=de-DE
  mkdir -p "$case"
  pandoc manuscript.md --citeproc -t html5 -M lang=$lang \
    --bibliography ../fixtures/refs.bib --csl "$styles/$style.csl" -o "$case/expected.html"
  printf '{"style": "%s", "lang": "%s", "pandoc": "%s"}\n' "$style" "$lang" "$(pandoc --version | head -1)" > "$case/case.json"
done
