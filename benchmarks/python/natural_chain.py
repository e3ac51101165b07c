"""The core issue's workload on genai-processors, for the side-by-side figure.

1,000 parts through three part processors that each wait 10 ms per part, chained with `+`, as in
NaturalChainBenchmark.java. Prints the median wall time of several runs as JSON.

genai-processors is not a dependency of this project: point PYTHONPATH at a checkout of it (and
install its core dependencies) to run this; `benchmarks/natural-chain.sh` explains how.
"""

import asyncio
import json
import statistics
import sys
import time

from genai_processors import content_api
from genai_processors import processor
from genai_processors import streams

PARTS = 1000


@processor.part_processor_function
async def wait_a(part: content_api.ProcessorPart):
  await asyncio.sleep(0.01)
  yield part


@processor.part_processor_function
async def wait_b(part: content_api.ProcessorPart):
  await asyncio.sleep(0.01)
  yield part


@processor.part_processor_function
async def wait_c(part: content_api.ProcessorPart):
  await asyncio.sleep(0.01)
  yield part


async def one_run() -> float:
  chain = (wait_a + wait_b + wait_c).to_processor()
  parts = [content_api.ProcessorPart(f'part {i}') for i in range(PARTS)]
  start = time.perf_counter()
  n = 0
  async for _ in chain(streams.stream_content(parts)):
    n += 1
  elapsed = time.perf_counter() - start
  if n != PARTS:
    raise RuntimeError(f'expected {PARTS} parts, got {n}')
  return elapsed


async def main(runs: int) -> None:
  await one_run()  # warm-up
  times = [await one_run() for _ in range(runs)]
  print(json.dumps({
      'benchmark': 'genai-processors natural chain (a + b + c), 1000 parts x 3 x 10 ms',
      'runs': runs,
      'median_s': statistics.median(times),
      'min_s': min(times),
      'max_s': max(times),
      'python': sys.version.split()[0],
  }))


if __name__ == '__main__':
  asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
