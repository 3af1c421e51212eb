#!/usr/bin/env bash
# Two Vigil instances behind nginx (deploy/nginx/vigil.conf), one killed with kill -9 while
# predictions flow: no prediction may fail, and the survivor keeps serving.
#
# Needs: an external PostgreSQL both instances share (VIGIL_DB_URL, VIGIL_DB_USER, VIGIL_DB_PASSWORD;
# the test suite hands it its embedded one), nginx (Debian's `nginx` package; run as any user: nginx
# gets its own prefix in a temporary directory), curl, and a built server (`./vigil build`), or
# VIGIL_CMD: the command that starts one Vigil (the JUnit test NginxFailoverIT sets it).
# Prints its figures on the last line:  failover: requests=... failed=0 ...  and exits non-zero if any
# prediction failed or the survivor stopped serving. Run by `./mvnw verify` through NginxFailoverIT.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${VIGIL_DB_URL:?set VIGIL_DB_URL (and VIGIL_DB_USER, VIGIL_DB_PASSWORD) to the PostgreSQL both instances share}"
VIGIL_CMD="${VIGIL_CMD:-java -jar $root/vigil-server/target/vigil-server.jar serve}"
NGINX_BIN="${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}" # not NGINX: nginx itself reads that variable
LOAD_WORKERS="${LOAD_WORKERS:-4}"
LOAD_BEFORE_KILL="${LOAD_BEFORE_KILL:-3}" # seconds of load before the kill
LOAD_AFTER_KILL="${LOAD_AFTER_KILL:-7}"   # and after it: longer than fail_timeout (5 s), so the dead one is tried again
work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-failover.XXXXXX")"
pids=()

cleanup() {
  touch "$work/stop"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$work/nginx/nginx.pid" ]; then kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-}" != "true" ]; then rm -rf "$work"; else echo "work directory kept: $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT # through the EXIT trap: the instances and nginx are stopped

say() { echo "failover-test: $*" >&2; }
now_ms() { date +%s%3N; }

free_port() { # a port nothing listens on (a connection to it is refused)
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

json_field() { # the first "name": "value" or "name": number in JSON on stdin
  sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1
}

wait_ready() { # url name pid
  for _ in $(seq 1 450); do
    if curl -fs -m 10 -o /dev/null "$1/ready"; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then say "$2 exited:"; tail -n 40 "$work/$2.log" >&2; return 1; fi
    sleep 0.2
  done
  say "$2 not ready in 90 s"; tail -n 40 "$work/$2.log" >&2; return 1
}

port_a=$(free_port); port_b=$(free_port); port_lb=$(free_port)
admin_password="failover-$RANDOM-$RANDOM-$RANDOM"
mkdir -p "$work/data" "$work/nginx/logs" "$work/nginx/tmp"

# both instances: one database, one data directory (standing in for the shared object store: a bundle
# trained on one is read by the other), each its own port
start_instance() { # name port
  (
    export VIGIL_HOST=127.0.0.1 VIGIL_PORT="$2" VIGIL_DATA_DIR="$work/data" VIGIL_ADMIN_PASSWORD="$admin_password"
    export VIGIL_SHUTDOWN_TIMEOUT_SECONDS=0 VIGIL_JOB_WORKERS=1
    exec $VIGIL_CMD >"$work/$1.log" 2>&1
  ) &
  pids+=($!)
}
start_instance vigil-a "$port_a"; pid_a=${pids[-1]}
start_instance vigil-b "$port_b"; pid_b=${pids[-1]}
wait_ready "http://127.0.0.1:$port_a" vigil-a "$pid_a"
wait_ready "http://127.0.0.1:$port_b" vigil-b "$pid_b"
say "vigil-a on $port_a (pid $pid_a), vigil-b on $port_b (pid $pid_b)"

# nginx with the shipped vigil.conf, its upstream and listen lines pointed at this run's ports
sed -e "s/^\( *server \)127\.0\.0\.1:8081\(.*\)/\1127.0.0.1:$port_a\2/" \
    -e "s/^\( *server \)127\.0\.0\.1:8082\(.*\)/\1127.0.0.1:$port_b\2/" \
    -e "s/^\( *listen \)80;/\1127.0.0.1:$port_lb;/" "$root/deploy/nginx/vigil.conf" > "$work/nginx/vigil.conf"
grep -q "127.0.0.1:$port_a" "$work/nginx/vigil.conf" && grep -q "127.0.0.1:$port_lb" "$work/nginx/vigil.conf" \
  || { say "vigil.conf's upstream or listen lines were not found"; exit 1; }
user_line=""
if [ "$(id -u)" -eq 0 ]; then user_line="user root;"; fi # as root, workers would otherwise run as nobody, who cannot read $work
cat > "$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    log_format failover '\$msec|\$status|\$upstream_addr|\$upstream_status|\$request_uri';
    include $work/nginx/vigil.conf;
}
CONF
# the access log of every request, with the instances nginx tried for it
sed -i "s|^\( *server_name _;\)|\1\n    access_log $work/nginx/logs/access.log failover;|" "$work/nginx/vigil.conf"
"$NGINX_BIN" -p "$work/nginx" -c "$work/nginx/nginx.conf" -t 2>"$work/nginx/test.log" || { cat "$work/nginx/test.log" >&2; exit 1; }
"$NGINX_BIN" -p "$work/nginx" -c "$work/nginx/nginx.conf"
lb="http://127.0.0.1:$port_lb"
for _ in $(seq 1 50); do curl -fs -m 10 -o /dev/null "$lb/ready" && break; sleep 0.1; done
say "nginx on $port_lb"

# a small model, through the balancer: a dataset, a gradient-boosted model trained, validated, deployed
token=$(curl -fsS -m 60 "$lb/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\": \"admin\", \"password\": \"$admin_password\"}" | json_field token)
auth=(-H "Authorization: Bearer $token")
awk 'BEGIN { srand(7); print "bytes,duration,dst_port,proto,label";
  for (i = 0; i < 300; i++) { attack = rand() < 0.3;
    if (attack) printf "%d,%.3f,%d,tcp,attack\n", int(rand() * 200), rand() * 0.1, (rand() < 0.5 ? 22 : 23);
    else { p = (rand() < 0.5 ? 80 : 443); printf "%d,%.3f,%d,tcp,normal\n", 500 + int(rand() * 50000), rand() * 30, p } } }' \
  > "$work/flows.csv"
dataset=$(curl -fsS -m 60 "${auth[@]}" "$lb/ml/datasets/upload" -F "file=@$work/flows.csv" -F name=flows -F labelColumn=label | json_field id)
model=$(curl -fsS -m 60 "${auth[@]}" "$lb/ml/models" -H 'Content-Type: application/json' -d '{"modelName": "failover", "modelType": "flows",
  "algorithm": "gbm", "targetVariable": "label", "hyperparameters": {"rounds": 5}}' | json_field id)
job=$(curl -fsS -m 60 "${auth[@]}" "$lb/ml/models/$model/train" -H 'Content-Type: application/json' -d "{\"datasetId\": \"$dataset\"}" \
  | json_field id)
for _ in $(seq 1 600); do
  state=$(curl -fsS -m 60 "${auth[@]}" "$lb/ml/jobs/$job" | json_field state)
  case "$state" in succeeded) break ;; failed|cancelled) say "training $state"; exit 1 ;; esac
  sleep 0.1
done
[ "$state" = succeeded ] || { say "training did not finish"; exit 1; }
for _ in $(seq 1 100); do
  [ "$(curl -fsS -m 60 "${auth[@]}" "$lb/ml/models/$model" | json_field status)" != training ] && break; sleep 0.1
done
awk 'NR == 1 || NR % 2 == 0' "$work/flows.csv" > "$work/holdout.csv" # not the training set's content: validation refuses that
holdout=$(curl -fsS -m 60 "${auth[@]}" "$lb/ml/datasets/upload" -F "file=@$work/holdout.csv" -F name=holdout -F labelColumn=label \
  | json_field id)
curl -fsS -m 60 -o /dev/null "${auth[@]}" "$lb/ml/models/$model/validate" -H 'Content-Type: application/json' \
  -d "{\"datasetId\": \"$holdout\", \"version\": 1, \"thresholds\": {\"accuracy\": 0.0}}"
curl -fsS -m 60 -o /dev/null "${auth[@]}" "$lb/ml/models/$model/deploy" -H 'Content-Type: application/json' -d '{"version": 1}'
say "model $model deployed"
# live events through nginx: the stream's first event (the model's current state) must come at once, not when a buffer fills
sse=$(curl -sN -m 3 "${auth[@]}" -H 'Accept: text/event-stream' "$lb/ml/stream?modelId=$model" || true)
grep -q '^data:' <<<"$sse" || { say "no event came through nginx's /ml/stream within 3 s"; exit 1; }

# the load: each worker sends batches of 25 predictions over one kept-alive connection, writing each status
batch="$work/batch.curl"
: > "$batch"
for i in $(seq 1 25); do
  if [ "$i" -gt 1 ]; then echo "next" >> "$batch"; fi # between requests only: a trailing one is a request without a URL
  cat >> "$batch" <<REQ
url = "$lb/ml/predict"
header = "Authorization: Bearer $token"
header = "Content-Type: application/json"
data = "{\"modelType\": \"flows\", \"features\": {\"bytes\": $((i * 40)), \"duration\": 0.01, \"dst_port\": 22, \"proto\": \"tcp\"}}"
output = "/dev/null"
write-out = "%{http_code}\n"
REQ
done
load_worker() { # writes one status a line to $work/load.$1
  while [ ! -e "$work/stop" ]; do
    # a transfer that fails writes 000; curl failing as a whole (a batch cut short) counts as one failure more
    curl -s --max-time 30 -K "$batch" >> "$work/load.$1" 2>/dev/null || echo "curl-exit-$?" >> "$work/load.$1"
  done
}
loaders=()
for w in $(seq 1 "$LOAD_WORKERS"); do load_worker "$w" & loaders+=($!); done
sleep "$LOAD_BEFORE_KILL"
killed_at=$(now_ms)
kill -9 "$pid_b"
say "vigil-b killed (kill -9) at $killed_at"
sleep "$LOAD_AFTER_KILL"
touch "$work/stop"
for pid in "${loaders[@]}"; do wait "$pid" || true; done

# the survivor keeps serving, through nginx and directly
survivor_ok=0
for _ in $(seq 1 20); do
  code=$(curl -s -m 30 -o /dev/null -w '%{http_code}' "${auth[@]}" "$lb/ml/predict" -H 'Content-Type: application/json' \
    -d '{"modelType": "flows", "features": {"bytes": 40, "duration": 0.01, "dst_port": 22, "proto": "tcp"}}')
  [ "$code" = 200 ] && survivor_ok=$((survivor_ok + 1))
done
curl -fs -m 10 -o /dev/null "http://127.0.0.1:$port_a/ready" || { say "vigil-a is not ready after the kill"; survivor_ok=0; }

requests=$(cat "$work"/load.* | wc -l)
failed=$(cat "$work"/load.* | grep -cv '^200$' || true)
log="$work/nginx/logs/access.log"
dead="127.0.0.1:$port_b"
# the access log: msec|status|upstream addresses tried|their statuses|uri; a retried request lists two addresses
retried=$(awk -F'|' -v dead="$dead" '$3 ~ dead && $3 ~ /, / && $5 == "/ml/predict"' "$log" | wc -l)
after_kill_to_dead=$(awk -F'|' -v t="$killed_at" -v dead="$dead" '$1 * 1000 >= t && $3 ~ dead && $5 == "/ml/predict"' "$log" | wc -l)
first_retry_ms=$(awk -F'|' -v t="$killed_at" -v dead="$dead" '$1 * 1000 >= t && $3 ~ dead && $3 ~ /, / { printf "%d\n", $1 * 1000 - t; exit }' "$log")
last_to_dead_ms=$(awk -F'|' -v t="$killed_at" -v dead="$dead" '$1 * 1000 >= t && $3 ~ dead { last = $1 * 1000 - t } END { printf "%d\n", last }' "$log")
to_a=$(awk -F'|' -v a="127.0.0.1:$port_a" '$3 ~ a && $5 == "/ml/predict"' "$log" | wc -l)
say "instances' logs: $work/vigil-a.log, $work/vigil-b.log; nginx: $log"
echo "failover: requests=$requests failed=$failed retried_on_survivor=$retried sent_to_dead_after_kill=$after_kill_to_dead" \
  "first_retry_ms=${first_retry_ms:-none} last_try_of_dead_ms=${last_to_dead_ms:-none} answered_by_a=$to_a survivor_ok=$survivor_ok/20"
[ "$failed" -eq 0 ] && [ "$requests" -gt 0 ] && [ "$survivor_ok" -eq 20 ]
