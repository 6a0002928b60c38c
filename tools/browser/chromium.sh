#!/usr/bin/env bash
# Installs Debian's Chromium for the web app's browser tests (Playwright drives it through ExecutablePath: browsers
# cannot be downloaded here, and `playwright install` is never run). Skips the install when it is present.
#
#   chromium.sh install   install the chromium package (as root on Debian 12); prints the executable's path
#
# Every failure is loud: the browser tests must fail, not skip, without a browser.
set -euo pipefail

CHROMIUM="${MULTIMODALSEARCH_CHROMIUM:-/usr/bin/chromium}"

log() { echo "chromium.sh: $*" >&2; }
die() { echo "chromium.sh: error: $*" >&2; exit 1; }

case "${1:-}" in
    install)
        if [[ -x "$CHROMIUM" ]] && "$CHROMIUM" --version >/dev/null 2>&1; then
            log "present: $("$CHROMIUM" --version 2>/dev/null)"
        else
            [[ $EUID -eq 0 ]] || die "$CHROMIUM is missing; run 'chromium.sh install' as root or set MULTIMODALSEARCH_CHROMIUM"
            log "installing chromium"
            export DEBIAN_FRONTEND=noninteractive
            apt-get -qq update >&2 || die "apt-get update failed"
            apt-get -qq install -y --no-install-recommends chromium fonts-dejavu-core >&2 || die "apt-get install chromium failed"
            [[ -x "$CHROMIUM" ]] || die "chromium was installed but $CHROMIUM is missing"
            log "installed: $("$CHROMIUM" --version 2>/dev/null)"
        fi
        echo "$CHROMIUM"
        ;;
    *)
        die "usage: chromium.sh install"
        ;;
esac
