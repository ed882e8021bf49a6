"""`python -m khabar.cli`: what the benchmarks and tests spawn when they need a separate khabar process."""
import sys

from khabar.cli import main

sys.exit(main())
