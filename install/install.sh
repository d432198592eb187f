#!/usr/bin/env bash
# Installs the Faultline collector as a systemd service. Idempotent: running it again upgrades the jars and the
# unit and leaves an edited /etc/faultline/collector.yaml and the data under /var/lib/faultline alone.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: install.sh [--from PATH] [--prefix DIR] [--destdir DIR] [--no-start]
       install.sh --uninstall [--purge] [--prefix DIR] [--destdir DIR]

Installs the Faultline collector: jars and the `faultline` command under PREFIX, the configuration in
/etc/faultline/collector.yaml (never overwriting an existing one), the state directory /var/lib/faultline,
a system user `faultline` and the systemd unit faultline-collector.service.

  --from PATH     a release archive faultline-<version>.tar.gz, an unpacked release folder, or the source tree
                  (default: the release or source tree this script belongs to)
  --prefix DIR    installation prefix (default /opt/faultline)
  --destdir DIR   stage everything under DIR instead of / (also $DESTDIR); skips user creation and systemctl
  --no-start      do not enable and start the service
  --uninstall     remove what was installed, keeping configuration and data
  --purge         with --uninstall: also remove /etc/faultline and /var/lib/faultline
  -h, --help      show this help
USAGE
}

PREFIX=/opt/faultline
DESTDIR=${DESTDIR:-}
FROM=
START=yes
UNINSTALL=no
PURGE=no
while (($#)); do
  case "$1" in
    --from) FROM=${2:?--from needs a path}; shift 2 ;;
    --prefix) PREFIX=${2:?--prefix needs a directory}; shift 2 ;;
    --destdir) DESTDIR=${2:?--destdir needs a directory}; shift 2 ;;
    --no-start) START=no; shift ;;
    --uninstall) UNINSTALL=yes; shift ;;
    --purge) PURGE=yes; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=${DESTDIR%/}
CONF_DIR=$ROOT/etc/faultline
STATE_DIR=$ROOT/var/lib/faultline
UNIT=$ROOT/etc/systemd/system/faultline-collector.service
LINK=$ROOT/usr/local/bin/faultline
TARGET=$ROOT$PREFIX
say() { echo "install.sh: $*"; }

# Real system changes happen only for a real installation, never into a staging DESTDIR.
system_step() {
  if [[ -z $ROOT ]]; then "$@"; else say "(destdir) skipped: $*"; fi
}

if [[ $UNINSTALL == yes ]]; then
  if [[ -z $ROOT ]] && command -v systemctl >/dev/null && systemctl list-unit-files faultline-collector.service >/dev/null 2>&1; then
    systemctl disable --now faultline-collector.service 2>/dev/null || true
  fi
  rm -rf "$TARGET" "$UNIT" "$LINK"
  if [[ $PURGE == yes ]]; then
    rm -rf "$CONF_DIR" "$STATE_DIR"
    say "removed $PREFIX, the unit, the configuration and the data"
  else
    say "removed $PREFIX and the unit; kept $CONF_DIR and $STATE_DIR (use --purge to remove them)"
  fi
  if [[ -z $ROOT ]] && command -v systemctl >/dev/null; then systemctl daemon-reload 2>/dev/null || true; fi
  exit 0
fi

# Find the files to install: an archive is unpacked first; a release folder has bin/ lib/ etc/;
# the source tree has them under install/ and */target/.
SELF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FROM=${FROM:-$SELF_DIR}
WORK=
cleanup() { if [[ -n $WORK ]]; then rm -rf "$WORK"; fi; }
trap cleanup EXIT
if [[ -f $FROM && $FROM == *.tar.gz ]]; then
  WORK=$(mktemp -d)
  tar -xzf "$FROM" -C "$WORK"
  FROM=$(find "$WORK" -mindepth 1 -maxdepth 1 -type d | head -n 1)
fi
FROM=$(cd "$FROM" && pwd)
if [[ -f $FROM/lib/faultline-collector.jar ]]; then
  COLLECTOR_JAR=$FROM/lib/faultline-collector.jar AGENT_JAR=$FROM/lib/faultline-agent.jar
  WRAPPER=$FROM/bin/faultline CONFIG=$FROM/etc/collector.yaml SERVICE=$FROM/systemd/faultline-collector.service
  DOCS=$FROM
else
  TREE=$FROM
  [[ -f $TREE/install/install.sh ]] || TREE=$(dirname "$FROM")
  COLLECTOR_JAR=$TREE/collector/target/faultline-collector.jar AGENT_JAR=$TREE/agent/target/faultline-agent.jar
  WRAPPER=$TREE/install/faultline CONFIG=$TREE/install/collector.yaml SERVICE=$TREE/install/faultline-collector.service
  DOCS=$TREE
fi
for f in "$COLLECTOR_JAR" "$AGENT_JAR" "$WRAPPER" "$CONFIG" "$SERVICE"; do
  [[ -f $f ]] || { echo "install.sh: missing $f (build with 'mvn -DskipTests package' or pass --from ARCHIVE)" >&2; exit 1; }
done

if [[ -z $ROOT ]]; then
  if ! id faultline >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/faultline --no-create-home --shell /usr/sbin/nologin faultline
    say "created system user faultline"
  fi
else
  say "(destdir) skipped: creating system user faultline"
fi

install -d "$TARGET/bin" "$TARGET/lib" "$TARGET/share" "$CONF_DIR" "$STATE_DIR" "$(dirname "$UNIT")" "$(dirname "$LINK")"
install -m 0644 "$COLLECTOR_JAR" "$AGENT_JAR" "$TARGET/lib/"
install -m 0755 "$WRAPPER" "$TARGET/bin/faultline"
install -m 0644 "$CONFIG" "$TARGET/share/collector.yaml.sample"
for doc in README.md LICENSE BENCHMARKS.md SECURITY.md; do
  if [[ -f $DOCS/$doc ]]; then install -m 0644 "$DOCS/$doc" "$TARGET/$doc"; fi
done
if [[ -f $CONF_DIR/collector.yaml ]]; then
  say "kept existing $CONF_DIR/collector.yaml (the new sample is $PREFIX/share/collector.yaml.sample)"
else
  install -m 0640 "$CONFIG" "$CONF_DIR/collector.yaml"
  say "wrote $CONF_DIR/collector.yaml"
fi
sed "s#/opt/faultline#$PREFIX#g" "$SERVICE" > "$UNIT.tmp" && mv "$UNIT.tmp" "$UNIT"
chmod 0644 "$UNIT"
ln -sfn "$PREFIX/bin/faultline" "$LINK"
chmod 0750 "$STATE_DIR"
system_step chown -R faultline:faultline "$STATE_DIR"
system_step chgrp faultline "$CONF_DIR/collector.yaml"

if [[ -z $ROOT ]] && command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
  systemctl daemon-reload
  if [[ $START == yes ]]; then
    systemctl enable --now faultline-collector.service
    say "started faultline-collector.service (journalctl -u faultline-collector)"
  fi
else
  say "systemd is not running here: start with 'systemctl enable --now faultline-collector' on the target host"
fi
say "installed Faultline under $TARGET"
