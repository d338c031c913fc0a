"""Hindi pages show and read dates as English ones do: DD-MM-YYYY (issue 9 item 18)."""
from emitra.formats.en.formats import *  # noqa: F401,F403
