#!/bin/sh
# Installs buoy from a GitHub release, without Go. It downloads the archive
# for this machine's operating system and architecture and the release's
# checksums.txt, checks the archive's SHA-256 against it, and puts `buoy` in
# BINDIR. Nothing is installed unless the check passes, and an existing
# buoy is replaced in one rename, never left half written.
#
#   curl -sSfL https://raw.githubusercontent.com/buoystatus/buoy/main/install.sh | sh -s -- -b ~/.local/bin v1.2.3
#
# Usage: install.sh [-b BINDIR] [VERSION]
#   -b BINDIR  where to put buoy (default: $BINDIR, or ./bin as golangci-lint's
#              installer does; ~/.local/bin or /usr/local/bin are usual choices)
#   VERSION    v1.2.3, or latest (the default): the release GitHub marks latest
#
# Environment:
#   BUOY_DOWNLOAD_BASE  where releases are, for mirrors and tests (default
#                       https://github.com/buoystatus/buoy/releases/download);
#                       files are read from $BUOY_DOWNLOAD_BASE/v1.2.3/. With
#                       it set, give a version: latest is only known to GitHub.
#
# Needs curl or wget, tar (unzip on Windows), and sha256sum or shasum.
# POSIX sh: runs under dash, busybox and bash.
set -eu

latest_url=https://github.com/buoystatus/buoy/releases/latest
default_base=https://github.com/buoystatus/buoy/releases/download

say() { printf 'install.sh: %s\n' "$*" >&2; }
die() {
	say "$*"
	exit 1
}

usage() {
	cat >&2 <<'EOF'
usage: install.sh [-b BINDIR] [VERSION]
  -b BINDIR  where to put buoy (default: $BINDIR, or ./bin)
  VERSION    v1.2.3, or latest (the default)
EOF
	exit "${1:-2}"
}

# platform sets os and arch as the release archives name them.
platform() {
	case $(uname -s) in
	Linux) os=linux ;;
	Darwin) os=darwin ;;
	MINGW* | MSYS* | CYGWIN* | Windows_NT) os=windows ;;
	*) die "no buoy release for the operating system $(uname -s): build it with go install github.com/buoystatus/buoy/cmd/buoy@latest" ;;
	esac
	case $(uname -m) in
	x86_64 | amd64) arch=amd64 ;;
	aarch64 | arm64 | armv8*) arch=arm64 ;;
	*) die "no buoy release for the architecture $(uname -m): build it with go install github.com/buoystatus/buoy/cmd/buoy@latest" ;;
	esac
}

# fetch URL FILE downloads URL into FILE, failing on any HTTP error.
fetch() {
	if command -v curl >/dev/null 2>&1; then
		curl -fsSL --retry 3 -o "$2" "$1" || die "download failed: $1"
	elif command -v wget >/dev/null 2>&1; then
		wget -q --tries=3 -O "$2" "$1" || die "download failed: $1"
	else
		die "need curl or wget to download buoy"
	fi
}

# resolve_latest prints the tag GitHub's releases/latest redirects to.
resolve_latest() {
	if command -v curl >/dev/null 2>&1; then
		url=$(curl -fsSL --retry 3 -o /dev/null -w '%{url_effective}' "$latest_url") ||
			die "could not resolve the latest release from $latest_url"
	elif command -v wget >/dev/null 2>&1; then
		url=$(wget -q -S -O /dev/null "$latest_url" 2>&1 | sed -n 's/^ *[Ll]ocation: *//p' | tail -n 1 | tr -d '\r') ||
			die "could not resolve the latest release from $latest_url"
	else
		die "need curl or wget to download buoy"
	fi
	tag=${url##*/}
	case $tag in
	v[0-9]*) echo "$tag" ;;
	*) die "could not resolve the latest release: $latest_url led to ${url:-nothing}" ;;
	esac
}

# sha256 prints the SHA-256 of FILE in hex.
sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d ' ' -f 1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d ' ' -f 1
	else
		die "need sha256sum or shasum to verify the download"
	fi
}

main() {
	bindir=${BINDIR:-./bin}
	while getopts b:h opt; do
		case $opt in
		b) bindir=$OPTARG ;;
		h) usage 0 ;;
		*) usage ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -le 1 ] || usage
	version=${1:-latest}

	base=${BUOY_DOWNLOAD_BASE:-}
	if [ "$version" = latest ]; then
		[ -z "$base" ] || die "BUOY_DOWNLOAD_BASE is set: give the version to install (sh install.sh v1.2.3); latest is only known to GitHub"
		version=$(resolve_latest)
	fi
	case $version in
	[0-9]*) version=v$version ;;
	esac
	case $version in
	v[0-9]*) ;;
	*) die "not a version: $version (want v1.2.3 or latest)" ;;
	esac
	case $version in
	*[!0-9A-Za-z.+-]*) die "not a version: $version (want v1.2.3 or latest)" ;;
	esac
	base=${base:-$default_base}
	base=${base%/}

	platform
	ext=tar.gz exe=buoy
	if [ "$os" = windows ]; then
		ext=zip exe=buoy.exe
	fi
	archive=buoy_${version#v}_${os}_${arch}.$ext

	tmp=$(mktemp -d 2>/dev/null || mktemp -d -t buoy)
	# Cleans up on every exit, including a failed check and Ctrl-C.
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	say "downloading $base/$version/$archive"
	fetch "$base/$version/checksums.txt" "$tmp/checksums.txt"
	fetch "$base/$version/$archive" "$tmp/$archive"

	want=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$tmp/checksums.txt")
	[ -n "$want" ] || die "$base/$version/checksums.txt lists no $archive: nothing installed"
	got=$(sha256 "$tmp/$archive")
	[ "$got" = "$want" ] || die "checksum mismatch for $archive: checksums.txt says $want, the download is $got: nothing installed"

	mkdir "$tmp/x"
	if [ "$ext" = zip ]; then
		unzip -q "$tmp/$archive" "$exe" -d "$tmp/x" || die "could not unpack $archive"
	else
		tar -xzf "$tmp/$archive" -C "$tmp/x" "$exe" || die "could not unpack $archive"
	fi
	[ -f "$tmp/x/$exe" ] || die "$archive holds no $exe"

	mkdir -p "$bindir" || die "could not create $bindir"
	# Copied next to its destination, then renamed over it: a reader of
	# BINDIR sees the old buoy or the new one, never part of one.
	part="$bindir/.$exe.install-$$"
	trap 'rm -rf "$tmp"; rm -f "$part"' EXIT
	cp "$tmp/x/$exe" "$part" || die "could not write into $bindir"
	chmod 755 "$part"
	mv -f "$part" "$bindir/$exe" || die "could not install $bindir/$exe"
	say "installed buoy $version into $bindir/$exe"
	case ":${PATH:-}:" in
	*":$bindir:"*) ;;
	*) say "$bindir is not on PATH: run it as $bindir/$exe, or add $bindir to PATH" ;;
	esac
}

main "$@"
