"""The baseline: a bare Flask-SocketIO app on eventlet that broadcasts one event to everyone.

Run by bench/fanout.py: `python bench/bare_socketio.py PORT`; POST /emit?id=N broadcasts
`question` with a ~300-byte Vietnamese payload, as our app does after an approval.
"""
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

eventlet.monkey_patch()

import sys  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

TEXT = ("Đề nghị phường nạo vét cống thoát nước ngõ 5 đường Nguyễn Trãi, mỗi khi mưa to nước "
        "ngập sâu, bà con đi lại khó khăn, trẻ em đi học rất nguy hiểm.")
app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet")


@app.post("/emit")
def emit():
    """The benchmark: broadcast one question-sized event to every connection."""
    socketio.emit("question", {"id": int(request.args["id"]), "status": "approved", "text": TEXT,
                               "group_name": "TDP số 3", "asker_name": "", "interest": 0})
    return "ok"


if __name__ == "__main__":
    socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), max_size=4096, log_output=False)
