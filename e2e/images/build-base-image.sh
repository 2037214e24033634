#!/usr/bin/env bash
# Builds the one local image the end-to-end stack runs on, without a registry: a Debian
# bookworm root filesystem made by mmdebstrap from Debian packages (Python/Flask/gunicorn with
# the real redis-py, PyMySQL and SQLAlchemy drivers, redis-server, mariadb-server, and haproxy
# for the Docker API proxy) plus this machine's Node 20, then `docker import`. The same image is the BASE_IMAGE the apps'
# Dockerfiles are built from in CI (it has node, npm, python3, make and g++ like node:20).
#
# Usage: e2e/images/build-base-image.sh [tag]   (skips the build when the tag exists)
set -euo pipefail
tag="${1:-safework-e2e/bookworm:3}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "e2e image: $tag already present"
  exit 0
fi
command -v mmdebstrap >/dev/null || { echo "e2e image: mmdebstrap is not installed" >&2; exit 1; }
node_bin="$(command -v node)"
npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
case "$("$node_bin" --version)" in v20.*) ;; *) echo "e2e image: need Node 20 on the host" >&2; exit 1 ;; esac

# Trust what this machine trusts (a registry proxy's CA, say), so npm works inside builds;
# node-gyp finds the headers next to node instead of downloading them.
ca_hooks=()
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$crt" ] && ca_hooks+=(--customize-hook="copy-in $crt /usr/local/share/ca-certificates/")
done
[ ${#ca_hooks[@]} -gt 0 ] && ca_hooks+=(--customize-hook='chroot "$1" update-ca-certificates >/dev/null')

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$SECONDS
mmdebstrap --quiet --variant=minbase \
  --include=python3,python3-flask,gunicorn,python3-redis,python3-pymysql,python3-sqlalchemy,redis-server,mariadb-server,haproxy,procps,netcat-openbsd,ca-certificates,make,g++ \
  --customize-hook="copy-in $node_bin /usr/local/bin/" \
  --customize-hook="mkdir -p \"\$1/usr/local/lib/node_modules/npm\" \"\$1/usr/local/include/node\" \"\$1/usr/local/etc\"" \
  --customize-hook="sync-in $(readlink -f "$npm_dir") /usr/local/lib/node_modules/npm" \
  --customize-hook='chroot "$1" ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm' \
  --customize-hook='chroot "$1" ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx' \
  --customize-hook="sync-in $(dirname "$(readlink -f "$node_bin")")/../include/node /usr/local/include/node" \
  --customize-hook='printf "cafile=/etc/ssl/certs/ca-certificates.crt\nnodedir=/usr/local\n" > "$1/usr/local/etc/npmrc"' \
  "${ca_hooks[@]}" \
  --customize-hook='chroot "$1" useradd --uid 1000 --create-home --shell /bin/bash node' \
  --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
  bookworm "$work/rootfs.tar" "$mirror"
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["/bin/bash"]' \
  "$work/rootfs.tar" "$tag" >/dev/null
echo "e2e image: built $tag in $((SECONDS - start)) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}'))"
