import sys

from gaptools.cli import main

sys.exit(main())
