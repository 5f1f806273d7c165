"""The audit log: what staff did, by ids and field names, never personal values."""
