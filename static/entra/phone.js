// The simulated phone keeps itself up to date: codes and seconds tick, push requests appear and
// go as the mock Entra ID sends and closes them. The forms are plain forms: without this script
// the page works by reloading it.
(() => {
  const phone = document.querySelector("[data-testid=phone]");
  if (!phone) return;
  const url = phone.dataset.stateUrl;
  const list = phone.querySelector("[data-testid=phone-requests]");
  const template = document.getElementById("push-request-template");

  const card = (request) => {
    const node = template.content.firstElementChild.cloneNode(true);
    node.dataset.requestId = request.id;
    node.querySelector("[data-testid=push-request-app]").firstChild.textContent = request.app;
    node.querySelector(".phone-request-client").textContent = request.client ? ` · ${request.client}` : "";
    node.querySelector("[data-testid=push-request-upn]").textContent = request.upn;
    const form = node.querySelector("form");
    form.action = request.approve_url;
    node.querySelector("[data-testid=push-deny]").formAction = request.deny_url;
    return node;
  };

  const showRequests = (requests) => {
    const wanted = new Set(requests.map((r) => r.id));
    // Keep the cards still pending (a number half typed stays), drop the answered ones.
    list.querySelectorAll("[data-request-id]").forEach((node) => {
      if (!wanted.has(node.dataset.requestId)) node.remove();
    });
    const shown = new Set([...list.querySelectorAll("[data-request-id]")].map((n) => n.dataset.requestId));
    requests.forEach((request) => {
      if (!shown.has(request.id)) list.prepend(card(request));
    });
  };

  const showAccounts = (accounts) => {
    accounts.forEach((account, index) => {
      const node = phone.querySelector(`[data-account-index="${index}"]`);
      if (!node) return;
      node.querySelector("[data-testid=phone-totp-code]").textContent = account.code;
      node.querySelector("[data-testid=phone-totp-seconds]").textContent = account.expires_in;
    });
    if (accounts.length !== phone.querySelectorAll("[data-account-index]").length) {
      window.location.reload();  // an app was registered or removed meanwhile
    }
  };

  // Codes sent by SMS or voice call (common issue 4): newest first, rebuilt when they change.
  const inbox = phone.querySelector("[data-testid=phone-messages]");
  const showMessages = (messages) => {
    if (!inbox || !messages) return;
    const ids = messages.map((m) => String(m.id)).join(",");
    if (inbox.dataset.ids === ids) return;
    inbox.dataset.ids = ids;
    inbox.replaceChildren(...messages.map((m) => {
      const item = document.createElement("li");
      item.className = "phone-inbox-item";
      item.setAttribute("data-testid", `phone-inbox-${m.channel}`);
      item.dataset.messageId = m.id;
      const kind = document.createElement("span");
      kind.className = "phone-inbox-kind";
      kind.textContent = `${m.kind} `;
      const text = document.createElement("span");
      text.setAttribute("data-testid", "phone-inbox-text");
      text.textContent = `${m.text} `;
      const code = document.createElement("code");
      code.className = "phone-inbox-code";
      code.setAttribute("data-testid", "phone-inbox-code");
      code.textContent = m.code;
      item.append(kind, text, code);
      return item;
    }));
  };

  const poll = async () => {
    try {
      const answer = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (answer.ok) {
        const state = await answer.json();
        showAccounts(state.accounts);
        showRequests(state.requests);
        showMessages(state.messages);
      }
    } catch (error) {
      // The network blinked: the next tick tries again.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
})();
