"""Use cases: one function each, taking the session, the actor and the input, returning one outcome.

(Minimal placeholder from the ops-review branch; the ops-learn branch's version wins at merge.)
"""
