"""``python -m stackclear ...`` runs the command line (the same as the ``stackclear`` script)."""

from stackclear.cli import main

if __name__ == "__main__":
    main()
