#!/bin/sh
# Run by ./mvnw verify before the TypeScript client is built and tested: without Node.js the build
# must stop with this explanation, not pass without having tested the client.
needed=20
hint="Install Node.js $needed or newer with npm, or skip the client's build and tests with -Dts-client.skip=true (-DskipTests and -DskipITs skip them too)."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "[ERROR] The TypeScript client in clients/typescript needs node and npm on the PATH, and they are not there. $hint" >&2
    exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt "$needed" ]; then
    echo "[ERROR] The TypeScript client in clients/typescript needs Node.js $needed or newer; this is $(node --version). $hint" >&2
    exit 1
fi
echo "TypeScript client: node $(node --version), npm $(npm --version)"
