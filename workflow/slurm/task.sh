#!/usr/bin/env bash
# One Slurm task of a plan (submit.sh): the job in row SLURM_ARRAY_TASK_ID of DIR/jobs.tsv, or
# with "collect", the collection.
set -euo pipefail
dir=$1
read -r -a dmsfit <<<"${DMSFIT:-dmsfit}"
if [ "${2:-}" = collect ]; then
  exec "${dmsfit[@]}" collect "$dir/plan.json"
fi
id=$(awk -F'\t' -v t="$SLURM_ARRAY_TASK_ID" 'NR > 1 && $1 == t { print $2 }' "$dir/jobs.tsv")
[ -n "$id" ] || { echo "task $SLURM_ARRAY_TASK_ID is not in $dir/jobs.tsv" >&2; exit 1; }
exec "${dmsfit[@]}" fit --plan "$dir/plan.json" --job "$id" --cores "${SLURM_CPUS_PER_TASK:-1}"
