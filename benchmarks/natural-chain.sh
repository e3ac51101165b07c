#!/usr/bin/env bash
# The core issue's side-by-side figure: 1,000 parts x 3 part processors x 10 ms, written as the
# natural chain, on genai-processors (Python) and on this library (JMH), one after the other.
#
#   benchmarks/natural-chain.sh [RESULTS_DIR]
#
# genai-processors is not a dependency of this project. To include it, point GENAI_PROCESSORS_PYTHON
# at a Python that can `import genai_processors` (e.g. a venv with a checkout on its PYTHONPATH);
# without it only the Java figure is measured and the script says so.
set -eu
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-"$root/benchmarks/results"}
mkdir -p "$out"
python=${GENAI_PROCESSORS_PYTHON:-python3}
if "$python" -c "import genai_processors" >/dev/null 2>&1; then
  echo "natural-chain: genai-processors ($python)"
  "$python" "$root/benchmarks/python/natural_chain.py" 10 | tee "$out/natural-chain-python.json"
else
  echo "natural-chain: genai-processors is not importable by $python; measuring Java only" >&2
fi
echo "natural-chain: this library (JMH)"
"$root/bin/bench" 'NaturalChainBenchmark' -rf json -rff "$out/natural-chain.json"
