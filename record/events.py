"""Socket.IO events of the record — none yet."""
