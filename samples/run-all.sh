#!/usr/bin/env bash
# Runs every sample (each samples/NN-*/ folder with a project file) under `repro run` in a fresh temporary
# store, then `repro replay`s each run in a clean checkout of its commit, and fails unless every verdict is
# IDENTICAL. Prints one line per sample: the verdict and the wall time of the build, the run and the replay.
#
#   samples/run-all.sh                          every sample
#   samples/run-all.sh 01-linear-regression     only these
#   samples/run-all.sh --in-place               replay in this folder instead of a clean checkout (faster)
#   SAMPLES_SEED=7 samples/run-all.sh           another root seed (default 42)
#
# A replay re-runs the recorded command (`dotnet run --project samples/NN-...`) in a temporary git
# worktree of the recorded commit with the run's uncommitted diff applied, so it builds the sample from
# scratch there: commit new files first (an untracked file is in no diff, so the replay would not see it).
# Building Repro there is most of a replay's time; --in-place skips it by replaying in this folder, which
# tests the same code when this folder is a clean checkout of the commit (as in CI), but not that the
# sample builds from a clean checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
seed=${SAMPLES_SEED:-42}

replay_options=()
if [ "${1:-}" = "--in-place" ]; then
  replay_options=(--in-place)
  shift
fi

folders=()
if [ $# -gt 0 ]; then
  for arg in "$@"; do arg=${arg%/}; folders+=("samples/${arg#samples/}"); done
else
  for dir in samples/[0-9][0-9]-*/; do
    compgen -G "$dir*.csproj" >/dev/null && folders+=("${dir%/}")
  done
fi
if [ ${#folders[@]} -eq 0 ]; then
  echo "run-all: no samples/NN-*/ folder with a project file" >&2
  exit 1
fi

untracked=$(git status --porcelain --untracked-files=all -- samples src | grep '^??' || true)
if [ -n "$untracked" ]; then
  echo "run-all: warning: untracked files are not replayed (commit them first):" >&2
  echo "$untracked" | sed 's/^/  /' >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds() { printf '%d.%d' $(( $1 / 1000 )) $(( $1 % 1000 / 100 )); }
start_all=$(now_ms)

echo "== building the repro CLI"
dotnet build src/Repro.Cli -v quiet -nologo >"$work/cli-build.log" 2>&1 || { cat "$work/cli-build.log"; exit 1; }
cli="$PWD/src/Repro.Cli/bin/Debug/net10.0/Repro.Cli.dll"
repro() { dotnet "$cli" "$@"; }

export REPRO_STORE="$work/.repro"
repro init --store "$REPRO_STORE" >/dev/null

failures=0
summary=()
for folder in "${folders[@]}"; do
  name=$(basename "$folder")
  log="$work/$name.log"
  echo "== $name"
  # Built before the tracked run, so the run's time is the sample's, and a build error is reported as one.
  t0=$(now_ms)
  if ! dotnet build "$folder" -v quiet -nologo >"$log" 2>&1; then
    cat "$log"
    summary+=("$(printf '%-28s BUILD FAILED' "$name")")
    failures=$((failures + 1))
    continue
  fi

  build_ms=$(( $(now_ms) - t0 ))
  t0=$(now_ms)
  rc=0
  repro run --experiment samples --name "$name" --seed "$seed" --json -- dotnet run --project "$folder" >"$log.run" 2>&1 || rc=$?
  run_ms=$(( $(now_ms) - t0 ))
  run_id=$(grep -o '"run_id": *"[0-9a-f]\{32\}"' "$log.run" | tail -n 1 | grep -o '[0-9a-f]\{32\}' || true)
  if [ "$rc" -ne 0 ] || [ -z "$run_id" ]; then
    cat "$log.run"
    summary+=("$(printf '%-28s RUN FAILED (exit code %s)  run %6ss' "$name" "$rc" "$(seconds "$run_ms")")")
    failures=$((failures + 1))
    continue
  fi

  t0=$(now_ms)
  rc=0
  repro replay "$run_id" "${replay_options[@]}" --json >"$log.replay" 2>"$log.replay-err" || rc=$?
  replay_ms=$(( $(now_ms) - t0 ))
  verdict=$(grep -o '"verdict": *"[A-Z_]*"' "$log.replay" | grep -o '[A-Z_]*"$' | tr -d '"' || true)
  if [ "$verdict" != "IDENTICAL" ]; then
    cat "$log.replay" "$log.replay-err"
    failures=$((failures + 1))
  fi
  summary+=("$(printf '%-28s %-16s build %5ss  run %5ss  replay %6ss  (run %s)' "$name" "${verdict:-REPLAY FAILED (exit code $rc)}" \
    "$(seconds "$build_ms")" "$(seconds "$run_ms")" "$(seconds "$replay_ms")" "${run_id:0:8}")")
done

echo "== summary (seed $seed, replays ${replay_options[0]:-in clean worktrees})"
printf '%s\n' "${summary[@]}"
echo "total $(seconds $(( $(now_ms) - start_all )))s, ${#folders[@]} samples, $failures failed"
[ "$failures" -eq 0 ]
