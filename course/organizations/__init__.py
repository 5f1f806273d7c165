"""Organizations (issue 13): employers whose members share a consented view of their progress."""
