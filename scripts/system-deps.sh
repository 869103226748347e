#!/usr/bin/env bash
# Installs the Debian packages jixiao needs when any is missing: PostgreSQL (the
# office database and the store tests), Chromium (browser tests, screenshots),
# WenQuanYi Micro Hei (the CJK font embedded in PDF exports) and poppler-utils
# (pdftoppm/pdftotext, to look at PDFs). Idempotent; does nothing when all are there.
set -euo pipefail
# libreoffice-calc-nogui recalculates the self-evaluation template's formulas in tests.
PACKAGES=(postgresql chromium fonts-wqy-microhei poppler-utils libreoffice-calc-nogui)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "安装系统软件包: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "需要 root 权限安装: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
