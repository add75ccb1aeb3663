#!/usr/bin/env bash
# Installs code-server 4.100.3 (the last release for Node 20) into tools/code-server/node_modules.
# Needs Debian packages libkrb5-dev (kerberos headers) and ripgrep (see .ci/run).
# Workarounds, measured on these machines (see ../shared/notes/real-vscode-testing.md):
#  - its postinstall refuses to run as root without unsafe-perm;
#  - @vscode/ripgrep downloads rg from GitHub: seed its cache with the system rg instead;
#  - node-pty runs `npx node-gyp`, which must not prompt.
set -euo pipefail
cd "$(dirname "$0")"
if [ -x node_modules/.bin/code-server ] && [ "${1:-}" != "--force" ]; then
  echo "code-server already installed"; exit 0
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install -y ripgrep" >&2; exit 1; }
RGC="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RGC"
tar -C "$(dirname "$(command -v rg)")" -czf "$RGC/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
export npm_config_unsafe_perm=true npm_config_yes=true
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
test -x node_modules/.bin/code-server
echo "code-server installed: $(node_modules/.bin/code-server --version | head -1)"
