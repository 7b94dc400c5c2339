from gaptools.cli import run

run()
