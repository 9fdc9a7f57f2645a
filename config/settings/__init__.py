"""Settings for the two web origins of the simulator.

``config.settings.idp`` runs the mock Microsoft Entra ID, ``config.settings.portal`` runs the
Partner Center portal. They share ``base`` only for framework plumbing; each has its own
database, session cookie and installed apps, exactly as two separate services would.
"""
