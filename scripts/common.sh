# Shared by scripts/serve and scripts/test: find the repository, put the project's tools first
# on PATH, and install whatever is missing. Every step is idempotent and skipped when done.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# binaryen's wasm-opt from npm first: Debian's older one rejects wasm-bindgen's output.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must never try to download tools: everything it needs is installed below.
export TRUNK_OFFLINE=true
# Nor may npm packages fetch a browser: the tests drive Debian's Chromium and Firefox ESR.
export PUPPETEER_SKIP_DOWNLOAD=1

TRUNK_VERSION=0.21.14

say() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    rustup target add wasm32-unknown-unknown
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "installing wasm-bindgen-cli $want"
    cargo install wasm-bindgen-cli --version "$want" --locked ||
      cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing node packages (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

ensure_browser() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# Firefox ESR for the engines suite (tests/engines/, driven over WebDriver BiDi).
ensure_firefox() {
  if ! command -v firefox-esr >/dev/null; then
    say "installing firefox-esr"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends firefox-esr
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_node_modules
  ensure_wasm_bindgen
  ensure_trunk
}

# The release build in dist/, as it is shipped.
build_release() {
  say "trunk build --release"
  trunk build --release
  # One self-contained file, also served as index.html: no request leaves the page.
  node scripts/inline.mjs dist
  local wasm
  wasm="$(ls dist/*.wasm | head -n 1)"
  printf 'wasm: %s bytes raw, %s bytes gzipped; connectives.html: %s bytes\n' \
    "$(wc -c <"$wasm")" "$(gzip -9 -c "$wasm" | wc -c)" "$(wc -c <dist/connectives.html)"
}
