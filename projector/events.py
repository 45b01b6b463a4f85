"""Socket.IO events of the room (questions, screen) — none yet."""
