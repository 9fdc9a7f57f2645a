// Fill the sign-in form from the demo accounts panel (trainers click instead of typing).
document.querySelectorAll("[data-fill-upn]").forEach((button) => {
  button.addEventListener("click", () => {
    const email = document.querySelector("[data-testid=signin-email]");
    const password = document.querySelector("[data-testid=signin-password]");
    const demoPassword = document.querySelector("[data-testid=demo-password]");
    if (email) email.value = button.dataset.fillUpn;
    if (password && demoPassword) password.value = demoPassword.textContent;
    if (password) password.focus();
  });
});
