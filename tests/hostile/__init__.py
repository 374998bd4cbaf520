"""A hostile corpus generated on the fly (tests/hostile/cases.py) and the driver that runs ctcoop on it."""
