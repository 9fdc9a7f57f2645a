// Passkey pages: allauth's webauthn.js runs the ceremony and reports a failure (the user
// cancelled, no key answered, the browser refused) as an "allauth.error" event, which it only
// logs to the console. Show it on the page instead, so the user knows to try again.
document.addEventListener("allauth.error", (event) => {
  const message = document.querySelector("[data-passkey-error]");
  if (!message) return;
  message.hidden = false;
  event.preventDefault();
});

// The passkey buttons stay disabled until allauth's handlers are attached (onload.js, loaded
// before this file, attaches them on the same event): a click before that would do nothing, or
// post an empty answer.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-passkey-button]").forEach((button) => {
    button.disabled = false;
  });
});
