#!/usr/bin/env bash
# Configures and builds tally (Release) into build/. Extra arguments go to cmake --build.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ -f build/CMakeCache.txt ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" "$@"

# `tally` on the PATH (so the README's commands run as written): a link in /usr/local/bin when
# it is writable, replacing only a link (never a file of another installation).
if [ -x build/tally ] && [ -w /usr/local/bin ]; then
  link=/usr/local/bin/tally
  if [ ! -e "$link" ] || [ -L "$link" ]; then
    [ "$(readlink "$link" 2>/dev/null)" = "$here/build/tally" ] || ln -sfn "$here/build/tally" "$link"
  fi
fi

# `import tally` for Debian's python3 (and so Jupyter's python3 kernel): a .pth file on its path
# names build/python, where the package is built. System-wide when writable (root), else in the
# user's site-packages.
if [ -d build/python/tally ] && [ -x /usr/bin/python3 ]; then
  site=$(/usr/bin/python3 - <<'PY'
import os, site, sys
system = f"/usr/local/lib/python3.{sys.version_info.minor}/dist-packages"
print(system if os.access(os.path.dirname(system), os.W_OK) else site.getusersitepackages())
PY
)
  mkdir -p "$site"
  line="$here/build/python"
  if [ "$(cat "$site/tally.pth" 2>/dev/null)" != "$line" ]; then
    echo "$line" >"$site/tally.pth"
    echo "build: Debian's python3 imports tally from $line (via $site/tally.pth)" >&2
  fi
fi
