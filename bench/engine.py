"""Engine benchmark (see motcua.benchmarks.engine): prints one JSON object."""

import json
import sys

from motcua.benchmarks.engine import main

if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--lifecycles") + 1]) if "--lifecycles" in sys.argv else 2000
    print(json.dumps(main(n), ensure_ascii=False))
