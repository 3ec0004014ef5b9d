#!/usr/bin/env bash
# The alert-ingest tests and `npm run bench:ingest` run the real Prometheus Alertmanager (Debian's package).
set -euo pipefail
if ! command -v prometheus-alertmanager >/dev/null 2>&1; then
  apt-get update -q
  # Debian starts the service on install where it can; the tests start their own on loopback.
  apt-get install -y -q prometheus-alertmanager
fi
prometheus-alertmanager --version 2>&1 | head -n 1
