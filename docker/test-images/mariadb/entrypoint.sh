#!/bin/sh
# First start: initialise the datadir (root@localhost via unix_socket only), then, when
# MARIADB_ROOT_PASSWORD is set, add root@'%' with that password for TCP clients. The temporary
# server used for that listens on no port and its output is discarded, so the only
# "ready for connections" line on stdout is the real server's.
set -e
datadir=/var/lib/mysql
mkdir -p /run/mysqld
chown mysql:mysql /run/mysqld "$datadir"
if [ ! -d "$datadir/mysql" ]; then
  mariadb-install-db --user=mysql --datadir="$datadir" --auth-root-authentication-method=socket \
    --skip-test-db --skip-name-resolve >/dev/null 2>&1
  if [ -n "$MARIADB_ROOT_PASSWORD" ]; then
    sock=/run/mysqld/init.sock
    mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket="$sock" >/dev/null 2>&1 &
    pid=$!
    i=0
    until mariadb --socket="$sock" -e 'SELECT 1' >/dev/null 2>&1; do
      i=$((i + 1))
      if [ "$i" -gt 300 ]; then
        echo "entrypoint: the initialisation server did not start" >&2
        exit 1
      fi
      sleep 0.2
    done
    # The password goes in as hex, so no character in it needs quoting.
    hex=$(printf '%s' "$MARIADB_ROOT_PASSWORD" | od -An -v -tx1 | tr -d ' \n')
    mariadb --socket="$sock" <<SQL
SET @hash = PASSWORD(CONVERT(X'$hex' USING utf8mb4));
SET @create = CONCAT('CREATE USER ''root''@''%'' IDENTIFIED BY PASSWORD ''', @hash, '''');
PREPARE create_root FROM @create;
EXECUTE create_root;
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
SQL
    kill "$pid"
    wait "$pid" || true
  fi
  echo "entrypoint: datadir initialised"
fi
exec mariadbd --user=mysql --datadir="$datadir" --bind-address=0.0.0.0 --port=3306 \
  --socket=/run/mysqld/mysqld.sock --skip-name-resolve "$@" 2>&1
