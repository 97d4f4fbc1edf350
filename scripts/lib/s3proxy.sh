# Sourced by the benchmark scripts: S3Proxy as its own process (filesystem backend under
# "$work/s3", one folder per bucket), from the test classpath Maven resolved.
#   start_s3proxy BUCKET   → sets port, s3pid; exports AWS_* for the aws CLI
# Needs: here (the project folder), work (a scratch folder), target/bench-classpath.txt.
start_s3proxy() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/s3/$1"
  cat > "$work/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$work/s3
EOF
  java -cp "$(cat "$here/target/bench-classpath.txt")" org.gaul.s3proxy.Main --properties "$work/s3proxy.properties" \
    >"$work/s3proxy.log" 2>&1 &
  s3pid=$!
  for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1
}

# The project's jar and the test classpath (S3Proxy), built once.
build_for_bench() {
  (cd "$here" && mvn -B -q package -DskipTests \
    && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt) >&2
}
