#!/bin/sh
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  initdb --auth-local=peer --auth-host=scram-sha-256 --username=postgres -E UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ -n "$POSTGRES_PASSWORD" ]; then
    echo "ALTER ROLE postgres PASSWORD :'pw'" | psql -q -v pw="$POSTGRES_PASSWORD" postgres
  fi
  psql -q -c "CREATE EXTENSION pg_repack" template1
  psql -q -c "CREATE EXTENSION pg_repack" postgres
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
