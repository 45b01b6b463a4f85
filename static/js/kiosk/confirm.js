// The door's in-page question (never the browser's own pop-up): a title, the person, a message,
// and two buttons. Resolves true for "yes", false for "no" or Escape.
// Focus starts on "no": a scanner's Enter arriving while it is open must not admit anyone.
const dialog = document.getElementById("confirm");

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
