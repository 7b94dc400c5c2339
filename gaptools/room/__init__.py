"""The room: participants answer from their own phones, with a code and no account.

One small web server, started from the facilitator's notebook or the command line, serves a
participant page on the address the facilitator chooses. It is the only writer of what
participants send (every change through ``files.store.edit``), and it holds anonymous answers
in its own memory until they can be written in a form nobody can link to who gave them.
``Room`` is the one entry point; see ``gaptools.room.room``.
"""

from gaptools.room.limits import Limits
from gaptools.room.questions import Kind
from gaptools.room.room import Room, RoomError
from gaptools.room.state import Counts

__all__ = ["Counts", "Kind", "Limits", "Room", "RoomError"]
