#!/usr/bin/env bash
# Runs the README's production recipe exactly as written ("## Production: PostgreSQL", its first bash block) on a
# scratch copy of the committed tree and a scratch PostgreSQL database: only the placeholders of its `export` line
# are filled in. Then checks what a production install must be: no engine warning, no dev tool left after the prune,
# the service ready, and the compiled admin command line working.
# Usage: bash scripts/production-install-check.sh   (PostgreSQL at 127.0.0.1:5432 as user postgres; PGURL to change.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
db="cd_prodcheck_$$"
pgurl=${PGURL:-postgresql://postgres@127.0.0.1:5432}
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill -- "-$server_pid" 2>/dev/null || true
  cd /  # psql cannot start in a deleted directory
  psql "$pgurl/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The recipe, as the README writes it.
recipe=$(awk '/^## Production: PostgreSQL/{section=1; next} section && /^## /{exit} section && /^```bash$/{block=1; next} block && /^```$/{exit} block{print}' "$root/README.md")
[ -n "$recipe" ] || fail "no bash block under '## Production: PostgreSQL' in README.md"
first=$(printf '%s\n' "$recipe" | head -n 1)
case "$first" in export\ *NODE_ENV=production*) ;; *) fail "the recipe must export NODE_ENV=production first, got: $first" ;; esac
secret="production-install-check-secret-0123456789abcdef"
filled=$(printf '%s\n' "$recipe" | sed -e "1s#DATABASE_URL=[^ ]*#DATABASE_URL=$pgurl/$db#" -e "1s#<32+ random chars>#$secret#g")
printf 'The README recipe, placeholders filled in:\n%s\n' "$filled" >&2

git -C "$root" archive HEAD | tar -x -C "$work"
cd "$work"
psql "$pgurl/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export PORT="$port" HOST=127.0.0.1
# The whole recipe in the background, in a process group of its own: its last command starts the service and stays.
setsid bash -euo pipefail -c "$filled" > recipe.out 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat recipe.out >&2; fail "the recipe stopped before the service was ready"; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { cat recipe.out >&2; fail "the service never became ready"; }
echo "ready: http://127.0.0.1:$port/readyz" >&2

if grep -q EBADENGINE recipe.out; then grep -A3 EBADENGINE recipe.out >&2; fail "the install printed engine warnings"; fi
# (typescript and the prisma CLI stay: they are peer dependencies of @prisma/client, so npm keeps them.)
for dev in ts-node jest @swc/core eslint openapi-typescript; do
  [ -e "node_modules/$dev" ] && fail "node_modules/$dev is still installed after the prune"
done

export DATABASE_URL="$pgurl/$db" JWT_SECRET="$secret" NODE_ENV=production
admin() { echo "+ npm run admin -- $*" >&2; /usr/bin/time -f "  (%e s wall, %U s user)" npm run --silent admin -- "$@"; }
admin customer:create --name "Pruned Ltd" --uuid 550e8400-e29b-41d4-a716-446655440000
admin role:create --name editors --permission customer.details.update
admin user:create --email ops@example.com --role editors
token=$(npm run --silent admin -- token --user 1 --expires-in 1h | node -e 'console.log(JSON.parse(require("fs").readFileSync(0)).token)')
admin rates:set --from USD --to TRY --rate 30
status=$(curl -sS -o /dev/null -w '%{http_code}' -X PATCH "http://127.0.0.1:$port/api/v1/customers/550e8400-e29b-41d4-a716-446655440000/details" \
  -H "Authorization: Bearer $token" -H "Content-Type: application/json" -d '{"annual_revenue": 2000000, "annual_revenue_currency": "USD"}')
[ "$status" = 200 ] || fail "PATCH through the production install answered $status"
echo "OK: the README's production recipe installs, builds, prunes and serves; the compiled admin command line works" >&2
