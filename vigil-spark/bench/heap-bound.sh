#!/usr/bin/env bash
# A dataset larger than the server's heap, trained on Spark local[2] and in process: ./vigil serve --with-spark at a
# small -Xmx (BENCHMARKS.md, "Spark training"). Usage: vigil-spark/bench/heap-bound.sh DATASET.csv XMX [SAMPLE_ROWS]
# The dataset is NSL-KDD-shaped (no header; NslKdd columns). ENGINES (default "spark local"), ALGORITHM (random_forest)
# and PARAMS (JSON, {"trees": 30}) choose the trainings. Prints each job's state, time, log and version.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="$1"; xmx="$2"; sample="${3:-200000}"
port=18431
params='{"trees": 30}'
if [ -n "${PARAMS:-}" ]; then params="$PARAMS"; fi
dir=$(mktemp -d /tmp/vigil-heap-bench-XXXX)
password="bench-$(date +%s)-password"
columns="duration,protocol_type,service,flag,src_bytes,dst_bytes,land,wrong_fragment,urgent,hot,num_failed_logins,logged_in,num_compromised,root_shell,su_attempted,num_root,num_file_creations,num_shells,num_access_files,num_outbound_cmds,is_host_login,is_guest_login,count,srv_count,serror_rate,srv_serror_rate,rerror_rate,srv_rerror_rate,same_srv_rate,diff_srv_rate,srv_diff_host_rate,dst_host_count,dst_host_srv_count,dst_host_same_srv_rate,dst_host_diff_srv_rate,dst_host_same_src_port_rate,dst_host_srv_diff_host_rate,dst_host_serror_rate,dst_host_srv_serror_rate,dst_host_rerror_rate,dst_host_srv_rerror_rate,label,difficulty"

cd "$root"
# ./vigil execs java: $! is the server itself, whose shutdown stops its embedded PostgreSQL
VIGIL_DATA_DIR="$dir" VIGIL_PORT=$port VIGIL_ADMIN_PASSWORD="$password" VIGIL_SPARK_MASTER='local[2]' \
  VIGIL_TRAINING_SAMPLE_ROWS="$sample" VIGIL_JAVA_OPTS="-Xmx$xmx -Dspark.sql.shuffle.partitions=4" \
  ./vigil serve --with-spark > "$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
until curl -sf "http://127.0.0.1:$port/ready" >/dev/null; do
  kill -0 $server 2>/dev/null || { tail -20 "$dir/server.log"; exit 1; }
  sleep 2
done
url="http://127.0.0.1:$port"
token=$(printf '{"username": "admin", "password": "%s"}' "$password" | curl -s -H 'Content-Type: application/json' -d @- "$url/auth/login" \
  | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth="Authorization: Bearer $token"
start=$(date +%s.%N)
dataset=$(curl -s -H "$auth" -F "file=@$data" -F name=big -F "columns=$columns" -F labelColumn=label -F format=csv "$url/ml/datasets/upload" \
  | sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "uploaded $dataset in $(echo "$(date +%s.%N) - $start" | bc) s"
for engine in ${ENGINES:-spark local}; do
  model=$(curl -s -H "$auth" -H 'Content-Type: application/json' "$url/ml/models" -d "{\"modelName\": \"big-$engine\", \"modelType\": \"big-$engine\",
    \"algorithm\": \"${ALGORITHM:-random_forest}\", \"hyperparameters\": $params,
    \"targetVariable\": \"label\", \"dropColumns\": [\"difficulty\"],
    \"binarize\": {\"negativeClass\": \"normal\", \"positiveClass\": \"attack\"}}" | sed 's/.*"id":"\([^"]*\)".*/\1/')
  job=$(curl -s -H "$auth" -H 'Content-Type: application/json' "$url/ml/models/$model/train" -d "{\"datasetId\": \"$dataset\", \"engine\": \"$engine\"}" \
    | sed 's/.*"id":"\([^"]*\)".*/\1/')
  start=$(date +%s.%N)
  while true; do
    if ! kill -0 $server 2>/dev/null; then echo "$engine: the server died"; tail -5 "$dir/server.log"; exit 0; fi
    state=$(curl -s -m 10 -H "$auth" "$url/ml/jobs/$job" | sed 's/.*"state":"\([a-z]*\)".*/\1/' || true)
    case "$state" in succeeded|failed|cancelled) break ;; esac
    sleep 5
  done
  echo "$engine: $state after $(echo "$(date +%s.%N) - $start" | bc) s"
  curl -s -H "$auth" "$url/ml/jobs/$job" | head -c 1500; echo
  curl -s -H "$auth" "$url/ml/jobs/$job/logs" | head -c 3000; echo
  curl -s -H "$auth" "$url/ml/models/$model/versions/1" | head -c 1500; echo
done
