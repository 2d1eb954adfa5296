"""``python -m branchgraph`` runs the command line, like the ``branchgraph`` script."""

import sys

from branchgraph.cli import main

sys.exit(main())
