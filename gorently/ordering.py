from django.db.models import Max


def next_position(rows):
    """The position after the last of `rows` (ordered rows with a `position`): where a new one goes."""
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


def swap_with_neighbour(siblings, item, direction):
    """Move `item` one place "up" or "down" among `siblings` (ordered rows with a `position`) and renumber them.

    Returns False when it is already at that end of the list (nothing changes).
    """
    siblings = list(siblings)
    index = siblings.index(item)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return True
