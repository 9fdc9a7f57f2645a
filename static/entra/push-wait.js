// The push page waits for the phone: poll the request's status and, once the phone has
// answered (or the request timed out), post the page's own "continue" form, which the server
// decides on. Without JavaScript the same button does it by hand.
(() => {
  const form = document.querySelector("form[data-push-poll]");
  if (!form) return;
  const url = form.dataset.pushPoll;
  let done = false;
  const poll = async () => {
    if (done) return;
    try {
      const answer = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (answer.ok) {
        const body = await answer.json();
        if (body.status !== "pending") {
          done = true;
          form.submit();
          return;
        }
      }
    } catch (error) {
      // The network blinked: try again at the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
})();
