#!/usr/bin/env bash
# Set up Chronik in .venv and run it:
#   ./dev.sh app    set up, then open the dashboard (extra arguments go to `chronik app`)
#   ./dev.sh test   set up, then run ruff and the whole test suite (extra arguments go to pytest)
# Reruns are fast: packages are installed again only when pyproject.toml has changed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

VENV=.venv
STAMP="$VENV/.chronik-install-stamp"
MIN_PYTHON=3.11

say() { printf 'dev.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat >&2 <<EOF
usage: ./dev.sh app [chronik app options]   set up and open the dashboard
       ./dev.sh test [pytest options]       set up and run ruff and the tests
EOF
}

# True when the interpreter $1 is Python $MIN_PYTHON or newer.
python_is_new_enough() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null
}

find_python() {
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && python_is_new_enough "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

create_venv() {
  local python
  python=$(find_python) || die "Chronik needs Python $MIN_PYTHON or newer; found $(python3 --version 2>&1 || echo 'no python3').
  Install it (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python@3.12) and run again."
  say "creating $VENV with $("$python" --version)"
  "$python" -m venv "$VENV" \
    || die "could not create $VENV; on Debian/Ubuntu install the venv module: apt-get install python3-venv"
}

ensure_venv() {
  if [[ -x "$VENV/bin/python" ]] && ! python_is_new_enough "$VENV/bin/python"; then
    say "$VENV has $("$VENV/bin/python" --version 2>&1), older than $MIN_PYTHON: recreating it"
    rm -rf "$VENV"
  fi
  [[ -x "$VENV/bin/python" ]] || create_venv
}

# What the installed packages depend on: the project's requirements and the interpreter.
install_fingerprint() {
  { cat pyproject.toml; "$VENV/bin/python" --version; } | "$VENV/bin/python" -c \
    'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'
}

ensure_packages() {
  local wanted
  wanted=$(install_fingerprint)
  if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" && -x "$VENV/bin/chronik" ]]; then
    return 0
  fi
  say "installing Chronik and its dependencies into $VENV (about a minute the first time)"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e '.[test]'
  printf '%s\n' "$wanted" >"$STAMP"
}

find_browser() {
  local candidate
  if [[ -n "${BROWSER_PATH:-}" && -x "${BROWSER_PATH}" ]]; then
    return 0
  fi
  for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$candidate" >/dev/null 2>&1 && return 0
  done
  return 1
}

# Static image export (PNG/SVG/PDF of the timeline) drives a Chrome or Chromium through kaleido.
# Everything else works without one, so a missing browser is a warning, not a failure.
ensure_browser() {
  find_browser && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      say "no Chrome/Chromium found: image export (PNG/SVG/PDF) is disabled."
      say "  to enable it, install one, e.g. on Debian/Ubuntu: sudo apt-get install chromium"
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no Chrome/Chromium found and no apt-get to install one: image export (PNG/SVG/PDF) is disabled."
    say "  to enable it, install Chromium or Google Chrome with your system's package manager."
    return 0
  fi
  say "installing Debian's chromium for image export (about 30 s)"
  if ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    say "chromium installed"
  else
    say "could not install chromium: image export (PNG/SVG/PDF) is disabled; everything else works."
  fi
}

setup() {
  ensure_venv
  ensure_packages
  ensure_browser
}

main() {
  local command=${1:-}
  [[ $# -gt 0 ]] && shift
  case "$command" in
    app)
      setup
      exec "$VENV/bin/chronik" app "$@"
      ;;
    test)
      setup
      "$VENV/bin/ruff" check .
      # pytest's exit status passes through unchanged; "no tests collected" (5) fails like any other error.
      exec "$VENV/bin/python" -m pytest "$@"
      ;;
    -h | --help | help)
      usage
      ;;
    *)
      usage
      exit 2
      ;;
  esac
}

# Sourced (as bench/setup_heideltime.sh does, for its set-up functions) it only defines them.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
