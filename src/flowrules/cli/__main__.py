"""``python -m flowrules.cli``: the same as the ``flowrules`` command."""

import sys

from flowrules.cli.main import main

sys.exit(main())
