#!/usr/bin/env bash
# Install the Debian packages whose check fails (when root with apt-get), else name them.
# Arguments: CHECK=PACKAGES, where CHECK is cmd:NAME (a command), lib:NAME (a shared library)
# or file:GLOB (a file), and PACKAGES is a space-separated list, e.g. "cmd:pdftoppm=poppler-utils".
set -uo pipefail
missing=()
for arg in "$@"; do
	check=${arg%%=*}
	packages=${arg#*=}
	case $check in
	cmd:*) command -v "${check#cmd:}" >/dev/null || [ -x "/usr/sbin/${check#cmd:}" ] || missing+=($packages) ;;
	lib:*) ldconfig -p | grep -q "${check#lib:}" || missing+=($packages) ;;
	file:*) compgen -G "${check#file:}" >/dev/null || missing+=($packages) ;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "Installing system packages: ${missing[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
	echo "Please install these system packages: ${missing[*]}"
fi
