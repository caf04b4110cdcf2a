#!/usr/bin/env bash
# Proves the admin command line works from a production install: a scratch copy of the committed tree,
# `npm ci && npm run build && npm prune --omit=dev` (no ts-node, jest or other dev tool left), then the compiled
# CLI against a scratch PostgreSQL database. Usage: bash scripts/production-install-check.sh
# (PostgreSQL at 127.0.0.1:5432 as user postgres, like the tests; PGURL to change.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
db="cd_prodcheck_$$"
pgurl=${PGURL:-postgresql://postgres@127.0.0.1:5432}
cleanup() {
  cd /  # psql cannot start in a deleted directory
  psql "$pgurl/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" archive HEAD | tar -x -C "$work"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
npm prune --omit=dev --no-audit --no-fund --loglevel=error
# (typescript and the prisma CLI stay: they are peer dependencies of @prisma/client, so npm keeps them.)
for dev in ts-node jest @swc/core eslint openapi-typescript; do
  if [ -e "node_modules/$dev" ]; then echo "FAIL: node_modules/$dev is still installed after the prune" >&2; exit 1; fi
done

psql "$pgurl/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db"
export DATABASE_URL="$pgurl/$db" JWT_SECRET="production-install-check-secret-0123456789" NODE_ENV=production
admin() { echo "+ npm run admin -- $*" >&2; /usr/bin/time -f "  (%e s wall, %U s user)" npm run --silent admin -- "$@"; }
admin db:migrate
admin customer:create --name "Pruned Ltd" --uuid 550e8400-e29b-41d4-a716-446655440000
admin role:create --name editors --permission customer.details.update
admin user:create --email ops@example.com --role editors
admin token --user 1 --expires-in 1h >/dev/null
admin rates:set --from USD --to TRY --rate 30
echo "OK: the compiled admin command line works from a pruned production install" >&2
