// The door's in-page question (never the browser's own pop-up): a title, the person, a message,
// and two buttons. Resolves true for "yes", false for "no" or Escape.
// Focus starts on "no", and Tab goes between the two buttons only. A card scanned while it is
// open is taken as a scan (./door.js catchScans), which answers the question "no" (`dismiss`).
const dialog = document.getElementById("confirm");

export const questionOpen = () => Boolean(dialog?.open);

// The question answered "no", as Escape would.
export function dismiss() {
  if (dialog?.open) dialog.close();
}

dialog?.addEventListener("keydown", (event) => {
  if (event.key !== "Tab" || event.defaultPrevented) return;
  event.preventDefault();
  const buttons = [...dialog.querySelectorAll(".actions button")];
  const at = buttons.indexOf(document.activeElement);
  buttons[(at + (event.shiftKey ? buttons.length - 1 : 1)) % buttons.length].focus();
});

export function ask({ title, name = "", message = "", yes, no }) {
  if (!dialog) return Promise.resolve(false);
  dialog.querySelector("#confirm-title").textContent = title;
  const who = dialog.querySelector("#confirm-name");
  who.querySelector("strong").textContent = name;
  who.hidden = !name;
  dialog.querySelector("#confirm-message").textContent = message;
  const yesButton = dialog.querySelector("#confirm-yes");
  const noButton = dialog.querySelector("#confirm-no");
  yesButton.textContent = yes;
  noButton.textContent = no;
  return new Promise((resolve) => {
    const done = (answer) => {
      yesButton.onclick = null;
      noButton.onclick = null;
      dialog.onclose = null;
      if (dialog.open) dialog.close();
      resolve(answer);
      document.getElementById("scan")?.focus();
    };
    yesButton.onclick = () => done(true);
    noButton.onclick = () => done(false);
    dialog.onclose = () => done(false); // Escape
    dialog.showModal();
    noButton.focus();
  });
}
