"""Socket.IO events of the door. Check-in events arrive with the kiosk (issue 3);
`attendance` is emitted by conference.realtime.attendance_changed."""
