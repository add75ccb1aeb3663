#!/usr/bin/env bash
# The Debian packages the tests need, installed with apt-get where missing (as root, or through
# sudo): Chromium (browser and real-VS-Code tests), ripgrep and the Kerberos headers (code-server's
# install), Snakemake and a single-node Slurm with munge, slurmdbd and MariaDB (the cluster tests,
# test/cluster). `npm test` runs it first; .ci/run too. Does nothing when all are there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v snakemake >/dev/null 2>&1 || need+=(snakemake)
command -v slurmctld >/dev/null 2>&1 || need+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || need+=(munge)
# Slurm accounting, for Snakemake's own Slurm executor (test/cluster/accounting.ts).
command -v slurmdbd >/dev/null 2>&1 || need+=(slurmdbd)
command -v mariadbd >/dev/null 2>&1 || need+=(mariadb-server)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all there"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if ! sudo -n true 2>/dev/null; then
    echo "missing Debian packages: ${need[*]}; install them as root: apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  SUDO="sudo -n"
fi
echo "apt-get install: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
echo "system packages installed"
