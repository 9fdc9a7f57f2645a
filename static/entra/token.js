// The simulated hardware token: once pressed, its display follows the current code (the page
// works without this script: "Press" reloads it with the code shown).
(() => {
  const token = document.querySelector("[data-testid=oath-token]");
  if (!token) return;
  const code = token.querySelector("[data-testid=oath-token-code]");
  const seconds = token.querySelector("[data-testid=oath-token-seconds]");
  const poll = async () => {
    if (!code.hidden) {
      try {
        const answer = await fetch(token.dataset.stateUrl, { headers: { Accept: "application/json" } });
        if (answer.ok) {
          const state = await answer.json();
          code.textContent = state.code;
          seconds.textContent = state.expires_in;
        }
      } catch (error) {
        // The network blinked: the next tick tries again.
      }
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
})();
