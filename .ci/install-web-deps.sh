#!/usr/bin/env bash
# Installs what the browser tests and the web bench need: Debian's Chromium and a CJK font
# (so the Chinese room renders in screenshots). Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
# Another apt run (a peer's install) may hold the lock for a while: wait for it rather than fail.
for attempt in $(seq 1 60); do
  if $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq &&
     $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"; then
    exit 0
  fi
  sleep 10
done
echo "could not install ${missing[*]}" >&2
exit 1
