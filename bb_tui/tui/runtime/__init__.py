"""The terminal runtime: the input driver and the signals that save on hang-up."""
