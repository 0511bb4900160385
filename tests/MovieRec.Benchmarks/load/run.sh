#!/usr/bin/env bash
# Load test of POST /chat with wrk (apt-get install -y wrk).
#   tests/MovieRec.Benchmarks/load/run.sh [BASE_URL]        (default http://127.0.0.1:5016)
# Start the API first, with the rate limit off so that wrk measures the server, not the limiter:
#   Api__RateLimit__Enabled=false dotnet run -c Release --project src/MovieRec.Api --urls http://127.0.0.1:5016
# Environment: THREADS (2), CONNECTIONS (64), DURATION (30s), WARMUP (5s, 0 to skip), plus the ones chat.lua reads
# (MOVIEREC_API_KEY, MOVIEREC_SESSIONS, MOVIEREC_K).
set -euo pipefail
cd "$(dirname "$0")"

base="${1:-http://127.0.0.1:5016}"
base="${base%/}"
threads="${THREADS:-2}" connections="${CONNECTIONS:-64}" duration="${DURATION:-30s}" warmup="${WARMUP:-5s}"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 2; }

# Wait up to 120 s for the engine to be ready (GET /health answers 503 while it loads).
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/health" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || { echo "$base/health answers '$code', not 200: is the API running and the engine loaded?" >&2; exit 1; }

# One request by hand: a clear error (401, 429, 503) beats a run full of failures.
key_header=()
[ -n "${MOVIEREC_API_KEY:-}" ] && key_header=(-H "X-Api-Key: $MOVIEREC_API_KEY")
probe=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/chat" -H 'Content-Type: application/json' \
  "${key_header[@]}" -d '{"message":"a comedy","messages":[]}')
[ "$probe" = 200 ] || { echo "POST $base/chat answers $probe; fix that first (API key? rate limit? see the response)." >&2; exit 1; }

if [ "$warmup" != 0 ]; then
  echo "warm-up ($warmup) ..."
  wrk -t"$threads" -c"$connections" -d"$warmup" -s chat.lua "$base/chat" >/dev/null
fi
echo "wrk -t$threads -c$connections -d$duration -s chat.lua $base/chat  ($(nproc) cores, $(date -u +%FT%TZ))"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s chat.lua "$base/chat"
