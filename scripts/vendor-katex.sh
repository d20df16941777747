#!/bin/sh
# Vendor KaTeX into mkdocs_logseq/resources/katex from the npm registry (pinned version):
# the minified script, auto-render and mhchem (Logseq loads mhchem too), the CSS with its
# fonts as WOFF2 only (every browser that runs Material reads WOFF2; the CSS is rewritten to
# list only those), and KaTeX's MIT licence. Usage: scripts/vendor-katex.sh 0.19.1
set -eu
VERSION=${1:?usage: $0 KATEX_VERSION}
DEST=$(dirname "$0")/../mkdocs_logseq/resources/katex
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "katex@$VERSION" >/dev/null && tar xzf "katex-$VERSION.tgz")
SRC=$WORK/package
rm -rf "$DEST"
mkdir -p "$DEST/contrib" "$DEST/fonts"
cp "$SRC/LICENSE" "$DEST/LICENSE"
cp "$SRC/dist/katex.min.js" "$DEST/"
cp "$SRC/dist/contrib/auto-render.min.js" "$SRC/dist/contrib/mhchem.min.js" "$DEST/contrib/"
cp "$SRC"/dist/fonts/*.woff2 "$DEST/fonts/"
sed -E 's/,url\(fonts\/[A-Za-z0-9_-]+\.woff\) format\("woff"\),url\(fonts\/[A-Za-z0-9_-]+\.ttf\) format\("truetype"\)//g' \
  "$SRC/dist/katex.min.css" >"$DEST/katex.min.css"
echo "$VERSION" >"$DEST/VERSION"
if grep -qE '\.(woff|ttf)\)' "$DEST/katex.min.css"; then
  echo "katex.min.css still names WOFF or TTF fonts: update the sed pattern" >&2
  exit 1
fi
echo "KaTeX $VERSION vendored into $DEST"
