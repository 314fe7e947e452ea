#!/usr/bin/env bash
# The device-tool command: train the judge candidates of .gpu/runs.json side by side on one GPU,
# each for BUDGET seconds, then export, score on the development sets and pack the best two into $OUT.
# Prepared here by `python scripts/gpu_judge.py prepare`; see nli/training/accelerator.py's docstring.
set -euo pipefail
BUDGET=${BUDGET:-360}
OUT=${OUT:-runs/gpu_out}
RUNS=${RUNS_DIR:-/tmp/gpu_runs}
mkdir -p "$OUT" "$RUNS"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
pids=()
while read -r name mix lr; do
  python3 scripts/train_nli.py --out "$RUNS/$name" --base models/nli-minilm-l6-h384 --pool ".gpu/pools/$mix.json.xz" \
    --lr "$lr" --warmup 0.02 --epochs 10 --batch-size 32 --time-budget "$BUDGET" --eval-every 1000 --save-every 2000 \
    --no-swap-contradictions --random-neutral 0.05 --threads 3 --export "$RUNS/$name/export" ${EXTRA_ARGS:-} </dev/null >"$OUT/$name.log" 2>&1 &
  pids+=($!)
done < <(python3 -c 'import json; [print(n, m, lr) for n, (m, lr) in json.load(open(".gpu/runs.json")).items()]')
fail=0
for p in "${pids[@]}"; do wait "$p" || fail=1; done
tail -n 3 "$OUT"/*.log
python3 scripts/gpu_judge.py collect --runs "$RUNS" --out "$OUT" --keep 2
# logs travel back as one file (the tool returns at most 8)
cat "$OUT"/*.log >"$OUT/train.log.txt" && rm -f "$OUT"/*.log
exit $fail
