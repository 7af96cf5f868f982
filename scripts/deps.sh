#!/usr/bin/env bash
# Installs the Debian packages lowp's build, tests and demo need, if any is missing.
# Sourced by scripts/demo.sh and scripts/test.sh; safe to run again (installs nothing new).
#   usage: scripts/deps.sh [package...]   (no arguments: the packages the tests need)
set -euo pipefail

lowp_required_packages=(cmake ninja-build g++ clang python3 libclang-rt-dev pkg-config catch2 libmpfr-dev libgmp-dev
  libbenchmark-dev nlohmann-json3-dev)

lowp_install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  echo "lowp: installing missing Debian packages: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  if [ $# -gt 0 ]; then lowp_install_missing "$@"; else lowp_install_missing "${lowp_required_packages[@]}"; fi
fi
