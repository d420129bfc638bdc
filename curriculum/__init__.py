"""What schools teach: education levels and subjects, shared by practices and results."""
