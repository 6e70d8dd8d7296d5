"""Run bb-tui with `python -m bb_tui`."""

import sys

from bb_tui.cli.main import main

sys.exit(main())
