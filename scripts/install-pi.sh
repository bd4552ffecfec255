#!/usr/bin/env bash
# Installs Marquee on Raspberry Pi OS (Bookworm, 64- or 32-bit) from this checkout, as two systemd
# services, or upgrades an installed Marquee in place; --uninstall removes it. Run it as root:
#
#   sudo scripts/install-pi.sh [--isolcpus | --no-isolcpus] [--host ADDR] [--port N]
#   sudo scripts/install-pi.sh --uninstall [--purge]
#   scripts/install-pi.sh --dry-run --root DIR [...]   # every file under DIR, nothing privileged run
#
# Layout: the program in /opt/marquee, Node.js (when the system has none recent enough) in
# /opt/marquee-node, what the user saves in /var/lib/marquee, settings in /etc/marquee/marquee.env.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_MAJOR=22
NODE_DIST="https://nodejs.org/dist/latest-v${NODE_MAJOR}.x"
APT_PACKAGES=(build-essential python3 python3-venv python3-pil curl ca-certificates xz-utils polkitd)
UNITS=(marquee-web.service marquee-display.service)

ACTION=install
DRY_RUN=0
ROOT=""
PURGE=0
ISOLCPUS=ask
HOST=0.0.0.0
PORT=5000
ANY_BOARD=0
ARCH=""
REBOOT_REASONS=()

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
  cat <<'EOF'

Options:
  --isolcpus        reserve CPU core 3 for the panel's refresh (smoother; one core less for plugins)
  --no-isolcpus     do not ask, do not reserve it (the default when there is no terminal)
  --host ADDR       address the web UI listens on (default 0.0.0.0: every network interface)
  --port N          web UI port (default 5000)
  --any-board       install on a machine that is not a Raspberry Pi (the emulator stands in for the panel)
  --uninstall       remove Marquee; keeps /var/lib/marquee and /etc/marquee unless --purge
  --purge           with --uninstall: remove data, settings and the marquee users too
  --dry-run         with --root DIR: write every file under DIR and print the commands it would run
  --arch ARCH       with --dry-run: act as on this Debian architecture (arm64, armhf, amd64)
EOF
}

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail() {
  printf 'error: %s\n' "$1" >&2
  printf 'fix:   %s\n' "$2" >&2
  exit 1
}

# A privileged or slow command: run it, or in a dry run print it. A failure stops with `fix`.
run() {
  local fix=$1
  shift
  if [ "$DRY_RUN" = 1 ]; then
    printf 'would run:'
    printf ' %q' "$@"
    printf '\n'
    return 0
  fi
  "$@" || fail "'$*' failed" "$fix"
}

parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --dry-run) DRY_RUN=1 ;;
      --root) ROOT=${2:?--root needs a folder}; shift ;;
      --uninstall) ACTION=uninstall ;;
      --purge) PURGE=1 ;;
      --isolcpus) ISOLCPUS=yes ;;
      --no-isolcpus) ISOLCPUS=no ;;
      --host) HOST=${2:?--host needs an address}; shift ;;
      --port) PORT=${2:?--port needs a number}; shift ;;
      --any-board) ANY_BOARD=1 ;;
      --arch) ARCH=${2:?--arch needs an architecture}; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage >&2; fail "unknown option $1" "see the options above" ;;
    esac
    shift
  done
  if [ "$DRY_RUN" = 1 ] && [ -z "$ROOT" ]; then fail "--dry-run needs --root DIR" "add --root /tmp/marquee-root"; fi
  if [ "$DRY_RUN" = 0 ] && [ -n "$ROOT" ]; then fail "--root is only for dry runs" "add --dry-run"; fi
  if [ "$DRY_RUN" = 0 ] && [ -n "$ARCH" ]; then fail "--arch is only for dry runs" "add --dry-run"; fi
  if [ "$PURGE" = 1 ] && [ "$ACTION" != uninstall ]; then fail "--purge goes with --uninstall" "add --uninstall"; fi
  if ! [[ $PORT =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
    fail "--port must be a number from 1 to 65535, got '$PORT'" "pass --port 5000"
  fi
  if [ -n "$ROOT" ]; then ROOT=$(mkdir -p "$ROOT" && cd "$ROOT" && pwd); fi
  APP=$ROOT/opt/marquee
  NODE_HOME=$ROOT/opt/marquee-node
  DATA=$ROOT/var/lib/marquee
  ETC=$ROOT/etc/marquee
  UNIT_DIR=$ROOT/etc/systemd/system
  MODPROBE_FILE=$ROOT/etc/modprobe.d/marquee-blacklist-snd-bcm2835.conf
  POLKIT_RULE=$ROOT/etc/polkit-1/rules.d/50-marquee.rules
}

# --- checks -----------------------------------------------------------------------------------

BOARD=""
PI5=0
check_root() {
  if [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then fail "this needs root" "run: sudo $0 $*"; fi
}

check_board() {
  say "Checking the board"
  BOARD=$(tr -d '\0' <"$ROOT/proc/device-tree/model" 2>/dev/null || true)
  if [[ $BOARD != *"Raspberry Pi"* ]]; then
    if [ "$ANY_BOARD" = 1 ]; then
      note "not a Raspberry Pi (${BOARD:-no device-tree model}): installing with the emulator for the panel"
      return
    fi
    fail "this is not a Raspberry Pi (${BOARD:-no model in /proc/device-tree/model})" \
      "run it on a Raspberry Pi, or pass --any-board to install with the emulator standing in for the panel"
  fi
  note "$BOARD"
  if [[ $BOARD =~ Raspberry\ Pi\ (5|500|Compute\ Module\ 5) ]]; then
    PI5=1
    note "This is a Raspberry Pi 5. The panel library bundled with Marquee (rpi-led-matrix 1.15.0)"
    note "cannot drive a Pi 5: Marquee installs and runs with its emulator (the web UI and its live"
    note "preview work, the panel stays dark). The panel works on a Raspberry Pi 4 or earlier."
  fi
}

DEB_ARCH=""
NODE_ARCH=""
check_arch() {
  say "Checking the architecture"
  DEB_ARCH=${ARCH:-$(dpkg --print-architecture)}
  case $DEB_ARCH in
    arm64) NODE_ARCH=arm64 ;;
    armhf)
      # 32-bit userland; the CPU must be ARMv7 or newer (Node.js has no ARMv6 build from 20 on).
      if [ -z "$ARCH" ] && [ "$(uname -m)" = armv6l ]; then
        fail "this board has an ARMv6 CPU (Pi 1, Zero, Zero W), for which Node.js 20+ has no official build" \
          "use a Raspberry Pi Zero 2 W, 3, 4 or newer"
      fi
      NODE_ARCH=armv7l ;;
    amd64) NODE_ARCH=x64 ;;
    *) fail "unsupported architecture $DEB_ARCH" "use Raspberry Pi OS (64-bit arm64 or 32-bit armhf)" ;;
  esac
  note "$DEB_ARCH (Node.js builds: linux-$NODE_ARCH)"
}

# --- packages and Node.js ---------------------------------------------------------------------

install_packages() {
  say "Installing system packages Marquee needs (compiler for its native modules, Python for plugins)"
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$pkg"); fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    note "all present: ${APT_PACKAGES[*]}"
    return
  fi
  run "check the network connection, then: sudo apt-get update" apt-get update
  run "see apt's message above; then re-run this script" \
    env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# Node.js 20.19+ or 22+ (package.json engines); prints the version of $1 when it qualifies.
node_ok() {
  local v
  v=$("$1" -p 'process.versions.node' 2>/dev/null) || return 1
  local major=${v%%.*} rest=${v#*.}
  local minor=${rest%%.*}
  if [ "$major" -ge 22 ] || { [ "$major" -eq 20 ] && [ "$minor" -ge 19 ]; }; then echo "$v"; else return 1; fi
}

NODE=""
install_node() {
  say "Finding Node.js 20.19+ or 22+"
  local candidate version
  for candidate in "$NODE_HOME/bin/node" "$(command -v node || true)"; do
    if [ -z "$candidate" ] || [ ! -x "$candidate" ]; then continue; fi
    if version=$(node_ok "$candidate"); then
      NODE=${candidate#"$ROOT"}
      note "using $NODE ($version)"
      return
    fi
    note "$candidate is $("$candidate" --version 2>/dev/null || echo 'not runnable'): too old"
  done
  # Debian's and Raspberry Pi OS's own nodejs package is 18: the official builds from nodejs.org
  # are used (linux-arm64 on 64-bit, linux-armv7l on 32-bit), checked against their SHA-256 list.
  NODE=/opt/marquee-node/bin/node
  local tmp
  tmp=$(mktemp -d)
  note "downloading the latest Node.js $NODE_MAJOR.x for linux-$NODE_ARCH from $NODE_DIST"
  run "check the network connection" curl -fsSL -o "$tmp/SHASUMS256.txt" "$NODE_DIST/SHASUMS256.txt"
  if [ "$DRY_RUN" = 1 ]; then
    printf 'would run: %s\n' "curl -fsSL -o $tmp/node.tar.xz $NODE_DIST/node-v$NODE_MAJOR.x.y-linux-$NODE_ARCH.tar.xz"
    printf 'would run: %s\n' "sha256sum --check (against SHASUMS256.txt)"
    printf 'would run: %s\n' "tar -xJf $tmp/node.tar.xz --strip-components=1 -C $NODE_HOME"
    rm -rf "$tmp"
    return
  fi
  local name sum
  name=$(grep -oE "node-v$NODE_MAJOR\.[0-9]+\.[0-9]+-linux-$NODE_ARCH\.tar\.xz" "$tmp/SHASUMS256.txt" | head -n1)
  [ -n "$name" ] || fail "no linux-$NODE_ARCH build listed in $NODE_DIST/SHASUMS256.txt" "install Node.js $NODE_MAJOR yourself, then re-run"
  sum=$(grep " $name\$" "$tmp/SHASUMS256.txt" | cut -d' ' -f1)
  run "check the network connection" curl -fsSL -o "$tmp/$name" "$NODE_DIST/$name"
  (cd "$tmp" && echo "$sum  $name" | sha256sum --check --quiet) ||
    fail "the Node.js download does not match its published checksum" "re-run the script (the download may have been cut)"
  rm -rf "$NODE_HOME.new" && mkdir -p "$NODE_HOME.new"
  tar -xJf "$tmp/$name" --strip-components=1 -C "$NODE_HOME.new"
  rm -rf "$NODE_HOME" && mv "$NODE_HOME.new" "$NODE_HOME"
  rm -rf "$tmp"
  note "installed $(node_ok "$NODE_HOME/bin/node") in /opt/marquee-node"
}

# --- users, program, data ---------------------------------------------------------------------

create_users() {
  say "Creating the service users: marquee (web, and the display after it opens the panel), marquee-plugin (plugin code)"
  if getent passwd marquee >/dev/null; then note "marquee exists"; else
    run "see useradd's message above" useradd --system --user-group --home-dir /var/lib/marquee --no-create-home \
      --shell /usr/sbin/nologin --comment "Marquee" marquee
  fi
  if getent passwd marquee-plugin >/dev/null; then note "marquee-plugin exists"; else
    run "see useradd's message above" useradd --system --user-group --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin --comment "Marquee plugins" marquee-plugin
  fi
  # Plugin hosts run as marquee-plugin; marquee, in its group, backs up and removes what they write.
  run "see usermod's message above" usermod --append --groups marquee-plugin marquee
}

# The checkout without what is built, installed or saved locally.
copy_source() {
  local dest=$1
  rm -rf "$dest" && mkdir -p "$dest"
  tar -C "$SRC" -c --exclude=./node_modules --exclude=./.git --exclude=./dist --exclude=./data --exclude=./config \
    --exclude=./.bench --exclude=./bench --exclude=./test --exclude=./.ci --exclude=./plugin-repos/.staging . | tar -C "$dest" -x
}

build_program() {
  say "Copying Marquee to /opt/marquee and building it (npm ci, build, dev packages removed)"
  local stage=$APP.new
  copy_source "$stage"
  chmod 0755 "$stage"
  local path_env=PATH=/usr/bin:/bin
  if [ "$(dirname "$NODE")" != /usr/bin ]; then path_env=PATH=$(dirname "$NODE"):/usr/bin:/bin; fi
  # Compiling the native modules needs up to ~800 MB per compiler: one at a time on small boards.
  local jobs=JOBS=max
  if [ "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" -lt 1500000 ]; then jobs=JOBS=1; fi
  # Package install scripts run as the service user, never as root.
  run "see the message above" chown -R marquee:marquee "${stage#"$ROOT"}"
  local as_marquee=(runuser -u marquee -- env -C "${stage#"$ROOT"}" "$path_env" "HOME=${stage#"$ROOT"}/.home" "$jobs")
  run "a compiler or Python is missing (re-run this script), or the network dropped" \
    "${as_marquee[@]}" npm ci --no-audit --no-fund
  run "see the build's message above" "${as_marquee[@]}" npm run build
  run "see npm's message above" "${as_marquee[@]}" npm prune --omit=dev --no-audit --no-fund
  rm -rf "$stage/.home"
  run "see the message above" chown -R root:root "${stage#"$ROOT"}"
}

make_data_dirs() {
  say "Preparing /var/lib/marquee (database, config, plugins): kept across upgrades"
  local d
  for d in "$DATA" "$DATA/data" "$DATA/data/plugins" "$DATA/config" "$DATA/plugins"; do mkdir -p "$d"; done
  # Plugin hosts (marquee-plugin) may cross into the plugin folders and their data folders, and
  # read nothing else: the database, config and secrets are marquee's alone. Plugin folders are
  # setgid, so what the web service installs there stays readable to the hosts' group.
  chmod 0750 "$DATA" "$DATA/config"
  chmod 0710 "$DATA/data"
  # setgid: a plugin's data folder is in the hosts' group whoever makes it (the display, or the
  # web service storing an upload), and so is everything made inside it.
  chmod 2710 "$DATA/data/plugins"
  chmod 2750 "$DATA/plugins"
  local data=${DATA#"$ROOT"}
  run "see the message above" chown -R marquee:marquee "$data"
  run "see the message above" chown marquee:marquee-plugin "$data" "$data/data" "$data/data/plugins" "$data/plugins"
  # Each plugin's data folder is shared with the hosts' group (setgid; hosts write with umask 007).
  run "see the message above" chgrp -R marquee-plugin "$data/data/plugins"
  run "see the message above" find "$data/data/plugins" -mindepth 1 -type d -exec chmod g+rwxs {} +
  run "see the message above" find "$data/data/plugins" -mindepth 1 -type f -exec chmod g+rw {} +
}

# First-party plugins ship with Marquee and are refreshed from this release; a folder the store
# installed (it has an install record) is the user's and left alone.
sync_first_party_plugins() {
  say "Updating the first-party plugins in /var/lib/marquee/plugins"
  local src id dest
  for src in "$APP"/plugin-repos/*/; do
    id=$(basename "$src")
    dest=$DATA/plugins/$id
    [ -f "$src/manifest.json" ] || continue
    if [ -e "$dest/.marquee-install.json" ]; then
      note "$id: installed from the store, left as it is"
      continue
    fi
    rm -rf "$dest.new" && cp -a "$src" "$dest.new" && rm -rf "$dest" && mv "$dest.new" "$dest"
    note "$id"
  done
  run "see the message above" chown -R marquee:marquee-plugin "${DATA#"$ROOT"}/plugins"
}

write_settings() {
  say "Writing settings to /etc/marquee"
  mkdir -p "$ETC"
  chmod 0750 "$ETC"
  local template
  template=$(sed -e "s|@HOST@|$HOST|" -e "s|@PORT@|$PORT|" "$SRC/deploy/marquee.env")
  # The defaults of this release, for comparison; the file in use is never overwritten.
  printf '%s\n' "$template" >"$ETC/marquee.env.default"
  chmod 0640 "$ETC/marquee.env.default"
  if [ -f "$ETC/marquee.env" ]; then
    note "kept your settings in /etc/marquee/marquee.env (this release's defaults: marquee.env.default)"
  else
    printf '%s\n' "$template" >"$ETC/marquee.env"
    chmod 0640 "$ETC/marquee.env"
    note "wrote /etc/marquee/marquee.env"
  fi
  run "see the message above" chown root:marquee "${ETC#"$ROOT"}" "${ETC#"$ROOT"}/marquee.env" "${ETC#"$ROOT"}/marquee.env.default"
}

write_units() {
  say "Writing the systemd units (marquee-web runs as marquee; marquee-display opens the panel as root, then runs as marquee and starts plugins as marquee-plugin)"
  mkdir -p "$UNIT_DIR"
  local unit
  for unit in "${UNITS[@]}"; do
    sed "s|@NODE@|$NODE|g" "$SRC/deploy/systemd/$unit" >"$UNIT_DIR/$unit"
    chmod 0644 "$UNIT_DIR/$unit"
  done
}

# The web service (user marquee, no root, NoNewPrivileges) restarts Marquee, reboots and powers
# off through systemctl; this polkit rule allows that user exactly those, and nothing else.
write_polkit_rule() {
  say "Allowing the web interface to restart Marquee, reboot and power off (polkit rule)"
  mkdir -p "$(dirname "$POLKIT_RULE")"
  cp "$SRC/deploy/polkit/50-marquee.rules" "$POLKIT_RULE"
  chmod 0644 "$POLKIT_RULE"
  note "wrote ${POLKIT_RULE#"$ROOT"}"
}

# --- the panel's OS settings ------------------------------------------------------------------

cmdline_file() {
  local f
  for f in "$ROOT/boot/firmware/cmdline.txt" "$ROOT/boot/cmdline.txt"; do
    if [ -f "$f" ]; then
      echo "$f"
      return
    fi
  done
}

# Adds kernel command-line words that are missing; remembers them for --uninstall.
add_cmdline_words() {
  local file=$1 word added=()
  shift
  for word in "$@"; do
    if ! tr ' ' '\n' <"$file" | grep -qx -- "$word"; then added+=("$word"); fi
  done
  [ ${#added[@]} -gt 0 ] || return 0
  [ -f "$file.marquee-backup" ] || cp -p "$file" "$file.marquee-backup"
  printf '%s %s\n' "$(tr -d '\n' <"$file")" "${added[*]}" >"$file.new" && mv "$file.new" "$file"
  printf '%s\n' "${added[@]}" >>"$ETC/cmdline-added"
  note "added to ${file#"$ROOT"}: ${added[*]}"
  REBOOT_REASONS+=("kernel command line: ${added[*]}")
}

want_isolcpus() {
  case $ISOLCPUS in
    yes) return 0 ;;
    no) return 1 ;;
  esac
  if [ -t 0 ]; then
    local answer
    read -r -p "    Reserve CPU core 3 for the panel's refresh (isolcpus=3: steadier picture, one core less for everything else)? [y/N] " answer
    [[ $answer =~ ^[Yy] ]]
  else
    note "isolcpus=3 not added (no terminal to ask): pass --isolcpus to reserve core 3 for the panel"
    return 1
  fi
}

panel_os_settings() {
  if [ "$PI5" = 1 ] || [[ $BOARD != *"Raspberry Pi"* ]]; then
    say "Skipping the panel's OS settings (no panel this board can drive)"
    return
  fi
  say "Applying the panel's OS settings"
  mkdir -p "$(dirname "$MODPROBE_FILE")"
  cp "$SRC/deploy/modprobe-blacklist-snd-bcm2835.conf" "$MODPROBE_FILE"
  chmod 0644 "$MODPROBE_FILE"
  note "on-board sound (snd_bcm2835) blacklisted: it shares the PWM the panel uses"
  if grep -q '^snd_bcm2835 ' "$ROOT/proc/modules" 2>/dev/null; then REBOOT_REASONS+=("snd_bcm2835 is loaded"); fi
  local cmdline words=()
  cmdline=$(cmdline_file)
  if [ -z "$cmdline" ]; then
    note "no cmdline.txt in /boot/firmware or /boot: kernel settings left unchanged"
    return
  fi
  # MemoryMax in the units needs the memory controller, which Raspberry Pi firmware turns off.
  if ! grep -qw memory "$ROOT/sys/fs/cgroup/cgroup.controllers" 2>/dev/null; then
    words+=(cgroup_enable=memory cgroup_memory=1)
  fi
  if want_isolcpus; then words+=(isolcpus=3); fi
  if [ ${#words[@]} -gt 0 ]; then add_cmdline_words "$cmdline" "${words[@]}"; fi
}

# --- services ---------------------------------------------------------------------------------

stop_services() {
  if [ "$DRY_RUN" = 1 ] || systemctl is-active --quiet "${UNITS[@]}"; then
    say "Stopping the running services for the switch"
    run "see systemctl's message above" systemctl stop "${UNITS[@]}"
  fi
}

swap_program() {
  say "Putting the new build in place"
  if [ -d "$APP" ]; then rm -rf "$APP.old" && mv "$APP" "$APP.old"; fi
  mv "$APP.new" "$APP"
}

start_services() {
  say "Starting the services (each reports ready once it runs)"
  run "see systemctl's message above" systemctl daemon-reload
  run "see systemctl's message above" systemctl enable "${UNITS[@]}"
  if [ "$DRY_RUN" = 1 ]; then
    run "" systemctl restart "${UNITS[@]}"
  elif ! systemctl restart "${UNITS[@]}"; then
    # The previous version served until a moment ago: put it back rather than leave a dark panel.
    if [ -d "$APP.old" ]; then
      rm -rf "$APP.failed" && mv "$APP" "$APP.failed" && mv "$APP.old" "$APP"
      systemctl restart "${UNITS[@]}" || true
      note "the new version did not start; the previous one is back (the new one is in /opt/marquee.failed)"
    fi
    fail "the services did not start" "see why with: journalctl -u marquee-web -u marquee-display -n 80"
  fi
  rm -rf "$APP.old"
}

print_address() {
  local ip
  ip=$(hostname -I 2>/dev/null | awk '{print $1}')
  say "Marquee is installed"
  note "Open http://${ip:-$(hostname)}:$PORT (or http://$(hostname).local:$PORT) from a phone or laptop on this network."
  note "The pairing code is shown on the panel, and in: journalctl -u marquee-web"
  note "Logs: journalctl -u marquee-web -u marquee-display    Settings: /etc/marquee/marquee.env"
  if [ ${#REBOOT_REASONS[@]} -gt 0 ]; then
    say "Reboot to finish (sudo reboot): ${REBOOT_REASONS[*]}"
  fi
}

# --- uninstall --------------------------------------------------------------------------------

remove_cmdline_words() {
  local cmdline word words
  cmdline=$(cmdline_file)
  [ -n "$cmdline" ] && [ -f "$ETC/cmdline-added" ] || return 0
  words=$(tr -d '\n' <"$cmdline")
  while read -r word; do words=$(printf '%s' " $words " | sed "s| $word | |; s|^ ||; s| \$||"); done <"$ETC/cmdline-added"
  printf '%s\n' "$words" >"$cmdline"
  rm -f "$ETC/cmdline-added"
  note "removed from ${cmdline#"$ROOT"} what the installer had added"
  REBOOT_REASONS+=("kernel command line restored")
}

uninstall() {
  say "Stopping and removing the services"
  run "see systemctl's message above" systemctl disable --now "${UNITS[@]}"
  local unit
  for unit in "${UNITS[@]}"; do rm -f "$UNIT_DIR/$unit"; done
  run "see systemctl's message above" systemctl daemon-reload
  say "Removing the program (/opt/marquee, /opt/marquee-node) and the panel's OS settings"
  rm -rf "$APP" "$APP.new" "$APP.old" "$NODE_HOME" "$MODPROBE_FILE" "$POLKIT_RULE"
  remove_cmdline_words
  if [ "$PURGE" = 1 ]; then
    say "Purging data, settings and users"
    rm -rf "$DATA" "$ETC"
    # marquee first: a group with a member left (marquee in marquee-plugin's) would stay behind.
    run "see userdel's message above" userdel marquee
    run "see userdel's message above" userdel marquee-plugin
  else
    note "kept: /var/lib/marquee (database, config, plugins) and /etc/marquee (settings); --purge removes them"
  fi
  if [ ${#REBOOT_REASONS[@]} -gt 0 ]; then say "Reboot to finish: ${REBOOT_REASONS[*]}"; fi
  say "Marquee is uninstalled"
}

main() {
  parse_args "$@"
  check_root "$@"
  if [ "$DRY_RUN" = 1 ]; then say "Dry run: files go under $ROOT, commands are printed, not run"; fi
  if [ "$ACTION" = uninstall ]; then
    uninstall
    return
  fi
  check_board
  check_arch
  install_packages
  install_node
  create_users
  build_program
  make_data_dirs
  write_settings
  write_units
  write_polkit_rule
  panel_os_settings
  stop_services
  swap_program
  sync_first_party_plugins
  start_services
  print_address
}

main "$@"
