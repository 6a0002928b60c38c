#!/usr/bin/env bash
# Provides a throwaway PostgreSQL 15 + pgvector server for tests and benchmarks on Debian 12.
#
#   pg.sh install        install PostgreSQL 15 and build pgvector (as root; skips what is present)
#   pg.sh start [DIR]    start a throwaway cluster in DIR (default: <repo>/.pg) on a free 127.0.0.1 port,
#                        print its connection string on stdout and write it to DIR/connection-string
#   pg.sh stop [DIR]     stop that cluster (its files stay in DIR until the next start)
#   pg.sh resume [DIR]   start a stopped cluster again with its data and port, and print its connection string
#   pg.sh status [DIR]   exit 0 when the cluster in DIR is running
#   pg.sh standby PRIMARY_DIR DIR
#                        make a streaming-replication standby of the running cluster in PRIMARY_DIR with
#                        pg_basebackup, start it in DIR on a free port, and print its connection string
#
# Every failure is loud: a message on stderr and a non-zero exit code. Progress goes to stderr so that
# stdout carries only the connection string.
set -euo pipefail

PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
PG_CONFIG="$PG_BIN/pg_config"
DB_NAME="multimodal_search_test"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { echo "pg.sh: $*" >&2; }
die() { echo "pg.sh: error: $*" >&2; exit 1; }

# Runs a command as the cluster's owner: the postgres user when we are root (initdb refuses root).
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# pgvector 0.8.0 and 0.8.1 overflow a buffer in parallel HNSW builds (CVE-2026-3172): install is at least this one,
# and start allows parallel index builds only from it on.
PGVECTOR_MIN_VERSION="0.8.2"

vector_installed() {
    [[ -x "$PG_CONFIG" ]] && [[ -f "$("$PG_CONFIG" --sharedir)/extension/vector.control" ]] \
        && [[ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ]]
}

# The installed pgvector's version (its control file's default_version), or nothing.
vector_version() {
    vector_installed && awk -F"'" '/^default_version/ {print $2}' "$("$PG_CONFIG" --sharedir)/extension/vector.control"
}

# Exit 0 when the installed pgvector is at least PGVECTOR_MIN_VERSION.
vector_current() {
    local version
    version="$(vector_version)" && [[ -n "$version" ]] && dpkg --compare-versions "$version" ge "$PGVECTOR_MIN_VERSION"
}

# The URI of the machine's own Debian archive, from its deb822 sources (or the classic list).
debian_mirror_uri() {
    local uri=""
    shopt -s nullglob
    local files=(/etc/apt/sources.list.d/*.sources)
    shopt -u nullglob
    if ((${#files[@]} > 0)); then
        # The first stanza of type deb whose suites include the release itself (not -security).
        uri="$(awk '
            BEGIN { RS = ""; FS = "\n" }
            {
                types = ""; uris = ""; suites = ""
                for (i = 1; i <= NF; i++) {
                    if ($i ~ /^Types:/)  { types = $i }
                    if ($i ~ /^URIs:/)   { uris = $i }
                    if ($i ~ /^Suites:/) { suites = $i }
                }
                if (types ~ /[[:space:]]deb([[:space:]]|$)/ && suites ~ /bookworm([[:space:]]|$)/ && uris != "") {
                    sub(/^URIs:[[:space:]]*/, "", uris); split(uris, parts, /[[:space:]]+/); print parts[1]; exit
                }
            }' "${files[@]}")"
    fi
    if [[ -z "$uri" && -f /etc/apt/sources.list ]]; then
        uri="$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)"
    fi
    [[ -n "$uri" ]] || die "cannot find the Debian archive URI in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
    echo "$uri"
}

# Downloads the newest pgvector 0.8 source package of trixie or sid that the mirror serves into WORK/src.
download_pgvector_source() {
    local uri="$1" work="$2"
    mkdir -p "$work/lists/partial"
    printf 'deb-src %s trixie main\ndeb-src %s sid main\n' "$uri" "$uri" > "$work/sources.list"
    local apt_opts=(
        -o "Dir::Etc::SourceList=$work/sources.list"
        -o "Dir::Etc::SourceParts=/dev/null"
        -o "Dir::State::Lists=$work/lists"
        -o "APT::Sandbox::User=root"
    )
    apt-get "${apt_opts[@]}" -qq update >&2 || die "apt-get update of the trixie and sid source lists failed"
    local version
    for version in $(apt-cache "${apt_opts[@]}" showsrc pgvector 2> /dev/null | awk '/^Version:/ {print $2}' | sort -V -r); do
        dpkg --compare-versions "$version" ge "0.8" && dpkg --compare-versions "$version" lt "0.9~" || continue
        log "pgvector $PGVECTOR_PINNED is not in the pool; downloading the pgvector $version source package"
        if (cd "$work/src" && apt-get "${apt_opts[@]}" -qq source --download-only "pgvector=$version" >&2); then
            dpkg --compare-versions "$version" ge "$PGVECTOR_MIN_VERSION" \
                || log "warning: pgvector $version is below $PGVECTOR_MIN_VERSION (CVE-2026-3172): parallel index builds stay off"
            return 0
        fi
    done
    die "cannot download pgvector $PGVECTOR_PINNED nor a pgvector 0.8 source package of trixie or sid"
}

# Builds and installs pgvector: the pinned release below, from the Debian archive's pool and checked against its
# SHA-256 (Debian 12 serves no pgvector package, Debian 13 (trixie) has 0.8.0, and the archive's indexes move on);
# should the pool no longer hold it, the newest 0.8 source package that trixie or unstable (sid) serves, with
# parallel index builds left off below PGVECTOR_MIN_VERSION. Replaces an older build without disturbing running
# servers: the old library file is unlinked, not overwritten, so a backend that has it mapped keeps its copy.
PGVECTOR_PINNED="0.8.2"
PGVECTOR_PINNED_SHA256="69f4019389af05dc1c9548deb8628e62878e6e207c03907f2b8af2016472cdaa"

build_pgvector() {
    local work uri
    work="$(mktemp -d)"
    # shellcheck disable=SC2064 # expand now: work is local
    trap "rm -rf '$work'" RETURN
    uri="$(debian_mirror_uri)"
    mkdir -p "$work/src"
    local pinned="$work/src/pgvector_$PGVECTOR_PINNED.orig.tar.gz"
    log "downloading pgvector $PGVECTOR_PINNED from $uri"
    if ! { command -v curl > /dev/null && curl -fsS -o "$pinned" "$uri/pool/main/p/pgvector/pgvector_$PGVECTOR_PINNED.orig.tar.gz" \
        && echo "$PGVECTOR_PINNED_SHA256  $pinned" | sha256sum -c --quiet - > /dev/null 2>&1; }; then
        rm -f "$pinned"
        download_pgvector_source "$uri" "$work"
    fi
    local tarball
    tarball="$(find "$work/src" -maxdepth 1 -name 'pgvector_*.orig.tar.*' | head -n 1)"
    [[ -n "$tarball" ]] || die "the pgvector source package has no orig tarball"
    log "building $(basename "$tarball")"
    mkdir -p "$work/build"
    tar -xf "$tarball" -C "$work/build" --strip-components=1
    # OPTFLAGS="" keeps the build portable (no -march=native) so the result runs on any x86-64 host.
    make -s -C "$work/build" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >&2 || die "building pgvector failed"
    rm -f "$("$PG_CONFIG" --pkglibdir)/vector.so"
    make -s -C "$work/build" PG_CONFIG="$PG_CONFIG" install >&2 || die "installing pgvector failed"
}

# Updates the vector extension of each running cluster under /tmp and the repository (after an upgrade of pgvector).
update_running_extensions() {
    local pid_file dir port
    for pid_file in "$REPO_ROOT"/.pg*/data/postmaster.pid /tmp/*/data/postmaster.pid; do
        [[ -f "$pid_file" ]] || continue
        dir="$(dirname "$(dirname "$pid_file")")"
        [[ -f "$dir/port" ]] && is_running "$dir" || continue
        port="$(cat "$dir/port")"
        # A standby refuses (it follows its primary); a lock held by a long index build is not waited for.
        if PGOPTIONS="-c lock_timeout=5s" "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d "$DB_NAME" \
            -c "ALTER EXTENSION vector UPDATE" > /dev/null 2>&1; then
            log "updated the vector extension of the cluster in $dir"
        else
            log "could not update the vector extension of the cluster in $dir (a standby, or busy): run ALTER EXTENSION vector UPDATE there"
        fi
    done
}

cmd_install() {
    local missing=()
    [[ -x "$PG_BIN/postgres" ]] || missing+=("postgresql-$PG_MAJOR")
    if ! vector_current; then
        [[ -x "$PG_CONFIG" ]] && [[ -f "$("$PG_CONFIG" --includedir-server)/postgres.h" ]] \
            || missing+=("postgresql-server-dev-$PG_MAJOR")
        command -v make > /dev/null && command -v gcc > /dev/null || missing+=(build-essential)
        command -v curl > /dev/null || missing+=(curl ca-certificates)
    fi
    if ((${#missing[@]} > 0)); then
        [[ $EUID -eq 0 ]] || die "missing ${missing[*]}; run 'pg.sh install' as root"
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -qq update >&2 || die "apt-get update failed"
        apt-get -qq install -y --no-install-recommends "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
    fi
    if ! vector_current; then
        local previous
        previous="$(vector_version || true)"
        [[ $EUID -eq 0 ]] || die "pgvector ${previous:-(none)} is installed, $PGVECTOR_MIN_VERSION or later is needed; run 'pg.sh install' as root"
        [[ -z "$previous" ]] || log "upgrading pgvector $previous (below $PGVECTOR_MIN_VERSION)"
        build_pgvector
        vector_installed || die "pgvector did not install into $("$PG_CONFIG" --pkglibdir)"
        [[ -z "$previous" ]] || update_running_extensions
    fi
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with pgvector $(vector_version) is installed"
}

cluster_dir() {
    local dir="${1:-$REPO_ROOT/.pg}"
    mkdir -p "$dir"
    (cd "$dir" && pwd)
}

port_in_use() {
    (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

is_running() {
    [[ -f "$1/data/postmaster.pid" ]] && as_owner "$PG_BIN/pg_ctl" -D "$1/data" status > /dev/null 2>&1
}

cmd_start() {
    local dir
    dir="$(cluster_dir "${1:-}")"
    [[ -x "$PG_BIN/pg_ctl" ]] || die "PostgreSQL $PG_MAJOR is not installed; run 'pg.sh install' first"
    vector_installed || die "pgvector is not installed; run 'pg.sh install' first"
    if is_running "$dir"; then
        log "a cluster is already running in $dir; stopping it first"
        cmd_stop "$dir"
    fi
    rm -rf "$dir/data" "$dir/connection-string" "$dir/port" "$dir/postgres.log"
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$dir"
        # The postgres user must be able to reach DIR; refuse rather than loosen permissions of other folders.
        runuser -u postgres -- test -w "$dir" || die "the postgres user cannot write to $dir (check the permissions of its parent folders)"
    fi
    log "initialising a cluster in $dir/data"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

    # A throwaway test server: durability settings off for speed (a crash of the machine loses the data,
    # which is thrown away anyway); no Unix socket, so long paths cannot break it; parallel index builds on all
    # cores (none with pgvector below 0.8.2, CVE-2026-3172); enough maintenance memory to build large HNSW indexes
    # in memory. The settings go into postgresql.conf so that 'resume' (or a plain pg_ctl start) brings back the
    # same server.
    local workers=0
    vector_current && workers=$(($(nproc) - 1))
    cat >> "$dir/data/postgresql.conf" <<CONF

# Added by tools/postgres/pg.sh for a throwaway test server.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
maintenance_work_mem = 2GB
max_parallel_maintenance_workers = $workers
max_connections = 200
max_wal_size = 4GB
checkpoint_timeout = 30min
CONF
    local port
    port="$(start_on_free_port "$dir")"

    local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
    "${psql[@]}" -d postgres -c "CREATE DATABASE $DB_NAME" >&2 || die "cannot create the test database"
    "${psql[@]}" -d "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS vector" >&2 || die "cannot create the vector extension"

    local cs="Host=127.0.0.1;Port=$port;Username=postgres;Database=$DB_NAME"
    echo "$port" > "$dir/port"
    echo "$cs" > "$dir/connection-string"
    log "PostgreSQL is running on 127.0.0.1:$port (data in $dir/data)"
    echo "$cs"
}

# Starts the cluster in DIR on a free 127.0.0.1 port (the last port line of its postgresql.conf wins) and prints the port.
start_on_free_port() {
    local dir="$1" attempt port
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        port_in_use "$port" && continue
        echo "port = $port" >> "$dir/data/postgresql.conf"
        if start_server "$dir"; then
            echo "$port"
            return 0
        fi
        # Another process may have taken the port between the check and the start: try another one.
        grep -q "could not bind\|Address already in use" "$dir/postgres.log" 2> /dev/null \
            || { cat "$dir/postgres.log" >&2 || true; die "the server in $dir did not start (attempt $attempt)"; }
        log "port $port was taken; trying another"
    done
    die "found no free port to start the server in $dir on"
}

start_server() {
    as_owner "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/postgres.log" -w -t 60 start > /dev/null 2>&1
}

cmd_resume() {
    local dir
    dir="$(cluster_dir "${1:-}")"
    [[ -f "$dir/connection-string" && -d "$dir/data" ]] || die "no cluster was started in $dir; use 'pg.sh start' first"
    if is_running "$dir"; then
        log "the cluster in $dir is already running"
    else
        start_server "$dir" || { tail -n 20 "$dir/postgres.log" >&2 || true; die "cannot resume the cluster in $dir"; }
        log "resumed the cluster in $dir"
    fi
    cat "$dir/connection-string"
}

cmd_stop() {
    local dir
    dir="$(cluster_dir "${1:-}")"
    if [[ ! -f "$dir/data/postmaster.pid" ]]; then
        log "no cluster is running in $dir"
        return 0
    fi
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop > /dev/null || die "cannot stop the cluster in $dir"
    log "stopped the cluster in $dir"
}

cmd_status() {
    local dir
    dir="$(cluster_dir "${1:-}")"
    is_running "$dir"
}

cmd_standby() {
    local primary dir port
    [[ -n "${1:-}" && -n "${2:-}" ]] || die "usage: pg.sh standby PRIMARY_DIR DIR"
    primary="$(cluster_dir "$1")"
    dir="$(cluster_dir "$2")"
    [[ "$primary" != "$dir" ]] || die "the standby needs a folder of its own"
    is_running "$primary" || die "no cluster is running in $primary; start it with 'pg.sh start $primary' first"
    port="$(cat "$primary/port")"
    if is_running "$dir"; then
        log "a cluster is already running in $dir; stopping it first"
        cmd_stop "$dir"
    fi
    rm -rf "$dir/data" "$dir/connection-string" "$dir/port" "$dir/postgres.log"
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$dir"
        runuser -u postgres -- test -w "$dir" || die "the postgres user cannot write to $dir (check the permissions of its parent folders)"
    fi
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL written meanwhile. The copied
    # postgresql.conf keeps the primary's settings; the port line added below overrides its port (the last one wins).
    log "copying the cluster on 127.0.0.1:$port into $dir/data (pg_basebackup)"
    as_owner "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$dir/data" -X stream -R -c fast > "$dir/basebackup.log" 2>&1 \
        || { cat "$dir/basebackup.log" >&2; die "pg_basebackup from 127.0.0.1:$port failed"; }
    local standby_port
    standby_port="$(start_on_free_port "$dir")"
    local cs="Host=127.0.0.1;Port=$standby_port;Username=postgres;Database=$DB_NAME"
    echo "$standby_port" > "$dir/port"
    echo "$cs" > "$dir/connection-string"
    log "a standby of 127.0.0.1:$port is running on 127.0.0.1:$standby_port (data in $dir/data)"
    echo "$cs"
}

case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start "${2:-}" ;;
    stop) cmd_stop "${2:-}" ;;
    resume) cmd_resume "${2:-}" ;;
    status) cmd_status "${2:-}" ;;
    standby) cmd_standby "${2:-}" "${3:-}" ;;
    *)
        echo "usage: $0 install | start [DIR] | stop [DIR] | resume [DIR] | status [DIR] | standby PRIMARY_DIR DIR" >&2
        exit 2
        ;;
esac
