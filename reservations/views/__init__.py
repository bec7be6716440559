"""Host pages for reservations: the list, one stay, adding and changing them (`pages`), and downloads (`exports`).

The root URL conf mounts the dashboard home at "/".
"""

from reservations.views.pages import dashboard

__all__ = ["dashboard"]
