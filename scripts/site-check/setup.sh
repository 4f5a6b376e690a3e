# Sourced by scripts/check-site and scripts/screenshots from the repository
# root, with dir set to scripts/site-check: installs what they need when
# missing. Chromium and a Java runtime come from Debian (apt-get, needs root
# or sudo), the pinned npm packages of scripts/site-check from npm ci. No
# browser is downloaded.

# apt_install installs Debian packages.
apt_install() {
  echo "site-check setup: installing $*" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

need=()
[ -x "$CHROME_PATH" ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)
if [ "${#need[@]}" -gt 0 ]; then
  apt_install "${need[@]}"
  if [ ! -x "$CHROME_PATH" ]; then
    echo "site-check setup: no Chromium at $CHROME_PATH after installing chromium" >&2
    exit 1
  fi
fi

# npm ci when node_modules is missing or was installed from another lock
# file. --ignore-scripts: vnu-jar's postinstall would fetch a JRE when none
# is found; Java comes from Debian instead.
lock=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$dir/node_modules/.buoy-lock" 2>/dev/null)" != "$lock" ]; then
  echo "site-check setup: npm ci in $dir" >&2
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  echo "$lock" >"$dir/node_modules/.buoy-lock"
fi

# build_example builds the example site into $1. With the example probe
# history generator around, the site gets three months of made-up probe
# history, so the uptime bars and latencies are there to check and to show.
build_example() {
  local out=$1 hist=()
  if [ -f scripts/example-history/main.go ]; then
    go run ./scripts/example-history -C . -o "$out.history" >/dev/null
    hist=(--history "$out.history")
  fi
  go run ./cmd/buoy build -C . -o "$out" "${hist[@]}" >/dev/null
}
