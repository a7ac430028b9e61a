#!/usr/bin/env bash
# Install the AWS CDK toolchain that `iac-verify --synth` and bench/cdk_fidelity.py use, into a
# cache folder outside any project: npm packages under $DIR/node (aws-cdk-lib, constructs, the cdk
# CLI, ts-node, typescript) and a Python venv under $DIR/py (aws-cdk-lib, constructs).
# verifier/cdk/toolchain.py finds the same folder ($IAC_VERIFY_CDK_TOOLCHAIN, default below).
#
#   bash bench/cdk_toolchain.sh            # both
#   bash bench/cdk_toolchain.sh node       # npm part only
#   bash bench/cdk_toolchain.sh python     # Python part only
set -euo pipefail

DIR="${IAC_VERIFY_CDK_TOOLCHAIN:-${XDG_CACHE_HOME:-$HOME/.cache}/iac-verify/cdk-toolchain}"
WHAT="${1:-all}"
mkdir -p "$DIR"

if [[ "$WHAT" == all || "$WHAT" == node ]]; then
    command -v npm >/dev/null || { echo "cdk_toolchain: npm not found (install Node.js 18+ first)" >&2; exit 1; }
    mkdir -p "$DIR/node"
    [[ -f "$DIR/node/package.json" ]] || echo '{"name": "iac-verify-cdk-toolchain", "private": true}' > "$DIR/node/package.json"
    npm install --prefix "$DIR/node" --no-audit --no-fund --loglevel=error \
        "aws-cdk-lib@^2" "constructs@^10" "aws-cdk@^2" "ts-node@^10" "typescript@~5.6" "@types/node@^20"
    echo "node toolchain: $DIR/node ($("$DIR/node/node_modules/.bin/cdk" --version 2>/dev/null | head -1))"
fi

if [[ "$WHAT" == all || "$WHAT" == python ]]; then
    PY="${PYTHON:-python3}"
    [[ -x "$DIR/py/bin/python" ]] || "$PY" -m venv "$DIR/py"
    "$DIR/py/bin/python" -m pip install --quiet "aws-cdk-lib>=2,<3" "constructs>=10,<11"
    echo "python toolchain: $DIR/py ($("$DIR/py/bin/python" -c 'import importlib.metadata as m; print("aws-cdk-lib", m.version("aws-cdk-lib"))'))"
fi
