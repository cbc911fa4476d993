"""``python -m whofree_admin``: the same as the ``whofree-admin`` console script."""

from whofree_admin.cli import main

main()
