// The invitations' print view: one button to print.
document.getElementById("print")?.addEventListener("click", () => window.print());
