"""Engine benchmark (see motcua.benchmarks.engine): prints one JSON object.

    python bench/engine.py [--lifecycles 2000] [--pg-workers 4]
"""

import json
import sys

from motcua.benchmarks.engine import main

if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--lifecycles") + 1]) if "--lifecycles" in sys.argv else 2000
    w = int(sys.argv[sys.argv.index("--pg-workers") + 1]) if "--pg-workers" in sys.argv else 4
    print(json.dumps(main(n, w), ensure_ascii=False))
