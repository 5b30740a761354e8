#!/usr/bin/env bash
# Installs the pinned promptfoo that bench/promptfoo-compare.ts measures, into an ignored directory
# (.peerguard/bench/promptfoo; .peerguard/ is in .gitignore). promptfoo is NOT a dependency of peerguard: nothing
# here touches package.json or the lockfile. Everything comes from the npm registry through npm itself; install
# scripts are skipped (--ignore-scripts), so no package downloads anything else (no browsers, no prebuilt binaries
# from elsewhere). Optional dependencies are left out except the prebuilt libsql binary for this platform, which is
# itself an npm package (promptfoo keeps its results in a libsql/SQLite database).
#
# 0.121.20 is the newest promptfoo whose engines allow Node 20 (`^20.20.0 || >=22.22.0`); 0.122.x needs Node 22.
#
# Usage: bash bench/install-promptfoo.sh        (from the repository root)
set -euo pipefail
VERSION="${PROMPTFOO_VERSION:-0.121.20}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${PROMPTFOO_DIR:-$ROOT/.peerguard/bench/promptfoo}"
mkdir -p "$DIR"
if [ ! -f "$DIR/package.json" ]; then
  printf '{ "name": "peerguard-bench-promptfoo", "private": true }\n' > "$DIR/package.json"
fi
npm install --prefix "$DIR" --ignore-scripts --omit=optional --no-audit --no-fund --save-exact "promptfoo@$VERSION"
# @libsql/client loads a platform package that npm lists as optional; add the one for this machine, at the version
# its @libsql/* packages were resolved to.
LIBSQL_VERSION="$(node -p "require('$DIR/node_modules/libsql/package.json').version" 2>/dev/null || true)"
if [ -n "$LIBSQL_VERSION" ]; then
  PLATFORM="$(node -p "process.platform + '-' + process.arch + (process.platform === 'linux' ? (process.report.getReport().header.glibcVersionRuntime ? '-gnu' : '-musl') : '')")"
  npm install --prefix "$DIR" --ignore-scripts --omit=optional --no-audit --no-fund --save-exact "@libsql/$PLATFORM@$LIBSQL_VERSION"
fi
"$DIR/node_modules/.bin/promptfoo" --version
echo "promptfoo $VERSION installed in $DIR"
