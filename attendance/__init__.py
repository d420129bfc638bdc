"""After a seminar: attendance, participants' certificates and their feedback."""
