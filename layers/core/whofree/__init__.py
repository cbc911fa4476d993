"""whofree: labelled availability slots, i.e. every slot with the list of hosts free in it."""

__version__ = "0.1.0"
