"""The only code that writes: one function per use case, one transaction each."""
