#!/usr/bin/env bash
# Measures the small-footprint setting (README "Deploying"): starts vigil-server.jar with it on the embedded
# PostgreSQL, trains and deploys an NSL-KDD gbm model, predicts N times, then prints VmRSS of the JVM (and,
# separately, of the embedded PostgreSQL's processes) from /proc. Needs curl and ../shared/datasets/nsl-kdd.
#   usage: deploy/container/small-footprint-rss.sh [N=3000]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-3000}"; port="${PORT:-18480}"; url="http://127.0.0.1:$port"
data="$(mktemp -d)"; pw="small-footprint-$$-password"
kdd="$root/../shared/datasets/nsl-kdd"
# the setting itself: the same as the README's "Small footprint"
export OMP_WAIT_POLICY=PASSIVE MALLOC_ARENA_MAX=1 OMP_NUM_THREADS=1
export VIGIL_DB_POOL_SIZE=3 VIGIL_JOB_WORKERS=1 VIGIL_SERVING_CACHE_SIZE=1000 VIGIL_ALERTS_DELIVERY_THREADS=1 VIGIL_SEARCH_EMBEDDINGS=false
small_jvm="-XX:+UseSerialGC -Xms16m -Xmx${SMALL_XMX:-64m} -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k -XX:MetaspaceReclaimPolicy=aggressive -XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=128m ${SMALL_JVM_EXTRA:-}"
# the first process trains (with the launcher's usual memory): a small instance serves a model trained elsewhere
VIGIL_DATA_DIR="$data" VIGIL_PORT="$port" VIGIL_ADMIN_PASSWORD="$pw" \
  java -Xmx1g -jar "$root/vigil-server/target/vigil-server.jar" serve > "$data/server.log" 2>&1 &
jvm=$!
trap 'kill $jvm 2>/dev/null; wait $jvm 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 180); do curl -sf "$url/ready" >/dev/null && break; sleep 1; done
token=$(printf '{"username": "admin", "password": "%s"}' "$pw" | curl -sf -H 'Content-Type: application/json' -d @- "$url/auth/login" \
  | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth="Authorization: Bearer $token"
cols=duration,protocol_type,service,flag,src_bytes,dst_bytes,land,wrong_fragment,urgent,hot,num_failed_logins,logged_in,num_compromised,root_shell,su_attempted,num_root,num_file_creations,num_shells,num_access_files,num_outbound_cmds,is_host_login,is_guest_login,count,srv_count,serror_rate,srv_serror_rate,rerror_rate,srv_rerror_rate,same_srv_rate,diff_srv_rate,srv_diff_host_rate,dst_host_count,dst_host_srv_count,dst_host_same_srv_rate,dst_host_diff_srv_rate,dst_host_same_src_port_rate,dst_host_srv_diff_host_rate,dst_host_serror_rate,dst_host_srv_serror_rate,dst_host_rerror_rate,dst_host_srv_rerror_rate,label,difficulty
# the 20 % training file (25,192 rows)
ds=$(curl -sf -H "$auth" -F file=@"$kdd/KDDTrain+_20Percent.txt" -F name=kdd-train-20 -F labelColumn=label -F columns=$cols \
  "$url/ml/datasets/upload" | sed 's/.*"id":"\([^"]*\)".*/\1/')
model=$(curl -sf -H "$auth" -H 'Content-Type: application/json' "$url/ml/models" -d '{"modelName": "kdd-gbm-small",
  "modelType": "intrusion", "algorithm": "gbm", "hyperparameters": {"rounds": 100, "max_depth": 6}, "targetVariable": "label",
  "dropColumns": ["difficulty"], "binarize": {"negativeClass": "normal", "positiveClass": "attack"}}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
job=$(curl -sf -H "$auth" -H 'Content-Type: application/json' "$url/ml/models/$model/train" -d "{\"datasetId\": \"$ds\", \"trainTestSplit\": 0.2}" \
  | sed 's/.*"id":"\([^"]*\)".*/\1/')
while curl -s -H "$auth" "$url/ml/jobs/$job" | grep -q '"state":"\(queued\|running\)"'; do sleep 1; done
curl -sf -H "$auth" "$url/ml/jobs/$job" | grep -q '"state":"succeeded"' || { echo "training failed" >&2; tail -20 "$data/server.log" >&2; exit 1; }
test=$(curl -sf -H "$auth" -F file=@"$kdd/KDDTest+.txt" -F name=kdd-test -F labelColumn=label -F columns=$cols \
  "$url/ml/datasets/upload" | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -H "$auth" -H 'Content-Type: application/json' "$url/ml/models/$model/validate" \
  -d "{\"datasetId\": \"$test\", \"thresholds\": {\"accuracy\": 0.7}}" >/dev/null
deployed=$(curl -s -w " %{http_code}" -H "$auth" -X POST "$url/ml/models/$model/deploy")
case "$deployed" in *" 200") ;; *) echo "deploy failed: $deployed" >&2; exit 1 ;; esac
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
echo "the training process, after training, validating and deploying: JVM RSS $(rss $jvm) MB"
# The measured process only serves (on a small machine the model is trained elsewhere, or before a restart):
# restarted on the same data directory, it loads the deployed model from the database.
kill "$jvm"; wait "$jvm" 2>/dev/null || true
VIGIL_DATA_DIR="$data" VIGIL_PORT="$port" java $small_jvm -jar "$root/vigil-server/target/vigil-server.jar" serve >> "$data/server.log" 2>&1 &
jvm=$!
for _ in $(seq 1 180); do curl -sf "$url/ready" >/dev/null && break; sleep 1; done
token=$(printf '{"username": "admin", "password": "%s"}' "$pw" | curl -sf -H 'Content-Type: application/json' -d @- "$url/auth/login" \
  | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth="Authorization: Bearer $token"
echo "restarted, serving the deployed model: JVM RSS $(rss $jvm) MB"
# N predictions, one request each, of KDDTest+'s first N rows (distinct events: the cache does not answer them)
body="$data/bodies"; mkdir "$body"
head -"$n" "$kdd/KDDTest+.txt" | awk -F, -v dir="$body" -v cols="$cols" 'BEGIN { k = split(cols, name, ",") } {
  s = "{\"modelType\": \"intrusion\", \"features\": {"
  for (c = 1; c <= 41; c++) s = s (c > 1 ? ", " : "") "\"" name[c] "\": " ((c >= 2 && c <= 4) ? "\"" $c "\"" : $c)
  print s "}}" > (dir "/" NR ".json"); close(dir "/" NR ".json") }'
# one curl process, one connection, N requests (a curl per request would measure curl)
for i in $(seq 1 "$n"); do
  printf 'url = "%s/ml/predict"\nheader = "%s"\nheader = "Content-Type: application/json"\ndata = "@%s/%d.json"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n%b' \
    "$url" "$auth" "$body" "$i" "$([ "$i" -lt "$n" ] && echo 'next\n')"
done > "$data/requests.curl"
start=$(date +%s)
ok=$(curl -s -K "$data/requests.curl" | grep -c '^200$' || true)
echo "predictions: $ok of $n answered 200 in $(( $(date +%s) - start )) s"
echo "right after the predictions: JVM RSS $(rss $jvm) MB"
peak=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$jvm/status")
sleep 30
echo "30 s later: JVM RSS $(rss $jvm) MB (peak VmHWM $peak MB)"
# events were made (most of these rows are attacks) and are searchable by their filters, not by meaning
filtered=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$url/ml/events/search?q=critical")
worded=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$url/ml/events/search?q=port+scans")
echo "event search: by filter words $filtered, by meaning $worded (409: search.embeddings is false)"
pg=0; for p in $(pgrep -f "postgres.*$data" || true); do pg=$(( pg + $(rss "$p") )); done
echo "embedded PostgreSQL (separate processes, not counted above): RSS sum $pg MB"
# with SMALL_JVM_EXTRA=-XX:NativeMemoryTracking=summary: where the JVM's memory is
case "${SMALL_JVM_EXTRA:-}" in *NativeMemoryTracking*)
  jcmd "$jvm" VM.native_memory summary | grep -E '^(Total|-)'
  jcmd "$jvm" GC.heap_info | grep -E "generation|space"; jcmd "$jvm" GC.run >/dev/null; echo "after a full GC:"; jcmd "$jvm" GC.heap_info | grep -E "generation" ;; esac
