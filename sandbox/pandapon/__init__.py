"""The PandaPon sandbox platform (see server.py)."""
