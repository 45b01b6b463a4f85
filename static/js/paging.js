// Pages that turn by themselves, for the screens nobody touches: the projector's question
// when it cannot fit at a readable size, the board's lists. A presenter's clicker (it sends
// PageDown/PageUp or the arrows) or a keyboard turns them too.

export class Rotation {
  // show(index) draws a page; seconds(index) says how long it stays.
  constructor(show, seconds) {
    this.show = show;
    this.seconds = seconds;
    this.count = 0;
    this.index = 0;
    this.timer = null;
  }

  // A new set of pages. `restart`: a new text, start its timing afresh; otherwise (the same
  // list redrawn, a new window size) the page keeps its place and its timer runs on, so
  // frequent redraws never hold a page still.
  reset(count, index = this.index, restart = false) {
    this.count = count;
    this.index = Math.max(0, Math.min(index, count - 1));
    if (count > 0) this.show(this.index);
    this.schedule(restart);
  }

  go(index) {
    if (this.count < 1) return;
    this.index = ((index % this.count) + this.count) % this.count;
    this.show(this.index);
    this.schedule(true);
  }

  schedule(restart) {
    if (this.count < 2) {
      clearTimeout(this.timer);
      this.timer = null;
      return;
    }
    if (this.timer && !restart) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.go(this.index + 1);
    }, this.seconds(this.index) * 1000);
  }
}

const NEXT = new Set(["PageDown", "ArrowRight", "ArrowDown", " "]);
const BACK = new Set(["PageUp", "ArrowLeft", "ArrowUp"]);

export function turnWithKeys(...rotations) {
  document.addEventListener("keydown", (event) => {
    const step = NEXT.has(event.key) ? 1 : BACK.has(event.key) ? -1 : 0;
    if (!step || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    for (const rotation of rotations) if (rotation.count > 1) rotation.go(rotation.index + step);
  });
}
