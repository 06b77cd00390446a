"""Document renderers that know nothing of their subject: HTML to tagged PDF, and Word files.

Governance uses them for agendas, minutes and one-minute guides; reports will use them too.
"""
