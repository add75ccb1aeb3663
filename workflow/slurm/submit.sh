#!/usr/bin/env bash
# A plan on Slurm without Snakemake: sbatch arrays over DIR/jobs.tsv.
#   dmsfit plan FILE… -r REF [options] -o DIR
#   workflow/slurm/submit.sh DIR [sbatch options, e.g. --partition=main --account=lab]
# Submits the path jobs (stage 1) as one array, the jobs at the recommended λ (stage 2) as a
# second array that starts when every task of the first has succeeded, then `dmsfit collect`.
# Each array asks for the largest memory, time and cores any of its jobs needs (jobs.tsv).
# DMSFIT names the command (default: dmsfit; e.g. DMSFIT="node /path/to/dist/cli.js").
# Prints the three Slurm job ids. Submitting again reruns only the jobs that are not done.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [sbatch options]" >&2
  exit 1
fi
dir=$1
shift
tsv="$dir/jobs.tsv"
[ -f "$tsv" ] || { echo "$0: no $tsv (make it with dmsfit plan … -o $dir)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir/slurm-logs"

# The tasks of one stage, and the largest request among them: "TASKS MEM_MB MINUTES THREADS".
stage_of() {
  awk -F'\t' -v s="$1" 'NR > 1 && $3 == s {
      tasks = tasks (tasks ? "," : "") $1
      if ($7 > mem) mem = $7; if ($8 > min) min = $8; if ($9 > cpu) cpu = $9
    } END { if (tasks) print tasks, mem, min, cpu }' "$tsv"
}

# submit STAGE DEPENDENCY [sbatch options]: the stage's array; prints its job id.
submit() {
  local stage=$1 after=$2
  shift 2
  read -r tasks mem minutes threads <<<"$(stage_of "$stage")" || return 0
  sbatch --parsable --job-name="dmsfit-stage$stage" --array="$tasks" --mem="$mem" --time="$minutes" \
    --cpus-per-task="$threads" ${after:+--dependency=afterok:$after --kill-on-invalid-dep=yes} \
    --output="$dir/slurm-logs/%A_%a.out" "$@" "$here/task.sh" "$dir"
}

first=$(submit 1 "" "$@")
second=$(submit 2 "$first" "$@")
last=${second:-$first}
collect=$(sbatch --parsable --job-name=dmsfit-collect --dependency="afterok:$last" --kill-on-invalid-dep=yes \
  --mem=1000 --time=10 --output="$dir/slurm-logs/%j-collect.out" "$@" "$here/task.sh" "$dir" collect)
echo "$first ${second:-none} $collect"
