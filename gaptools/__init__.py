"""gaptools: a notebook workshop that turns AI pilots into one committed, measurable bet."""

__version__ = "0.1.0"
