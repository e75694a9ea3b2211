"""The verifiable lottery: the draw, its worker process, the verifier and the software versions it names."""
