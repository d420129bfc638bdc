"""The project package: settings, the root URLconf and the WSGI entry point."""
